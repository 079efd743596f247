package com.gifchat.store;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.MVMap;

/** A collection of the embedded store that keeps its documents with {@link FieldNames shared field names}. */
final class EmbeddedCollection extends H2Collection {

    EmbeddedCollection(MongoDatabase database, String name, CollectionOptions options, MVMap<Object, Document> documents,
                       MVMap<String, Object> meta, CursorRegistry cursors) {
        super(database, name, options, documents, meta, cursors);
    }

    @Override
    protected Object addDocumentInternal(Document document) {
        return super.addDocumentInternal(FieldNames.shared(document));
    }

    @Override
    protected void handleUpdate(Object key, Document oldDocument, Document newDocument) {
        super.handleUpdate(key, oldDocument, FieldNames.shared(newDocument));
    }
}
