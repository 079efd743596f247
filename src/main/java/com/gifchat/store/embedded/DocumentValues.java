package com.gifchat.store.embedded;

import de.bwaldvogel.mongo.bson.BinData;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;

import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.Map;

/**
 * The value type of the embedded store's collections. H2 writes values it does not know, such as mongo-java-server's
 * {@link Document}, with Java serialization, and a commit rewrites every document of each page it changed: writing a
 * message then costs more in serialization than in anything else. This type writes documents as BSON, with the
 * server's own encoder, and reads them with shared field names ({@link FieldNames}); H2's other values go through
 * ObjectDataType as before. Files it wrote open only with it, not with the stock backend.
 */
final class DocumentValues extends ObjectDataType {

    /** A tag that ObjectDataType does not use (its tags end at 119). */
    private static final byte BSON_DOCUMENT = 120;
    /** What an estimate adds for each field and each value: H2 sizes its pages by these estimates. */
    private static final int ENTRY_BYTES = 16;

    @Override
    public void write(WriteBuffer buff, Object value) {
        if (!(value instanceof Document document)) {
            super.write(buff, value);
            return;
        }
        ByteBuf bson = Unpooled.buffer();
        try {
            BsonEncoder.encodeDocument(document, bson);
            buff.put(BSON_DOCUMENT).put(bson.array(), bson.arrayOffset() + bson.readerIndex(), bson.readableBytes());
        } finally {
            bson.release();
        }
    }

    @Override
    public Object read(ByteBuffer buff) {
        if (buff.get(buff.position()) != BSON_DOCUMENT) {
            return super.read(buff);
        }
        ByteBuf bson = Unpooled.wrappedBuffer(buff.duplicate().position(buff.position() + 1));
        Document document = BsonDecoder.decodeBson(bson);
        buff.position(buff.position() + 1 + bson.readerIndex());
        return FieldNames.shared(document);
    }

    @Override
    public int getMemory(Object value) {
        return value instanceof Document ? estimatedBytes(value) : super.getMemory(value);
    }

    /** Roughly the encoded size, without encoding: H2 asks for it on every change. */
    private static int estimatedBytes(Object value) {
        if (value instanceof Map<?, ?> map) {
            int bytes = ENTRY_BYTES;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                bytes += ENTRY_BYTES + entry.getKey().toString().length() + estimatedBytes(entry.getValue());
            }
            return bytes;
        }
        if (value instanceof Collection<?> values) {
            int bytes = ENTRY_BYTES;
            for (Object element : values) {
                bytes += ENTRY_BYTES + estimatedBytes(element);
            }
            return bytes;
        }
        if (value instanceof String text) {
            return text.length();
        }
        if (value instanceof byte[] bytes) {
            return bytes.length;
        }
        return value instanceof BinData binary ? binary.getData().length : ENTRY_BYTES;
    }
}
