package com.gifchat.store.embedded;

import de.bwaldvogel.mongo.bson.Document;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Field names shared by all the documents the embedded store keeps. Each document arrives with copies of its own,
 * decoded from the wire or from the file, and a member's seven names weigh about as much as its values; sharing them
 * costs a copy of each document written and a lookup per name, and keeps only one copy of each name however many
 * people are connected. Names are interned by the JVM, whose table lets go of those no document uses any more.
 */
final class FieldNames {

    private FieldNames() {
    }

    /**
     * A copy of the document, values and their order unchanged, whose field names (sub-documents' too) are shared.
     * The copy is made from a whole map because a document sizes its table to fit only then.
     */
    static Document shared(Document document) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (Map.Entry<String, Object> field : document.entrySet()) {
            fields.put(field.getKey().intern(), sharedIn(field.getValue()));
        }
        return new Document(fields);
    }

    private static Object sharedIn(Object value) {
        if (value instanceof Document document) {
            return shared(document);
        }
        if (value instanceof List<?> list && list.stream().anyMatch(element -> element instanceof Document || element instanceof List)) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(element -> copy.add(sharedIn(element)));
            return copy;
        }
        return value;
    }
}
