package io.kinesisbatch.itest.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import software.amazon.awssdk.thirdparty.jackson.core.JsonFactory;
import software.amazon.awssdk.thirdparty.jackson.core.JsonGenerator;
import software.amazon.awssdk.thirdparty.jackson.core.JsonParser;
import software.amazon.awssdk.thirdparty.jackson.core.JsonToken;
import software.amazon.awssdk.thirdparty.jackson.dataformat.cbor.CBORFactory;

/**
 * Reads and writes the bodies of Kinesis' AWS JSON 1.1 protocol, in CBOR (the SDK's default) or JSON, as plain maps,
 * lists, strings, numbers, booleans and byte arrays (CBOR byte strings, e.g. record data). Uses the SDK's own shaded
 * Jackson codecs: the very encoders the client under test uses, and no second Jackson next to DynamoDB Local's.
 */
public final class AwsWireBody {

    private static final JsonFactory CBOR = new CBORFactory();
    private static final JsonFactory JSON = new JsonFactory();

    private AwsWireBody() {}

    public static boolean isCbor(String contentType) {
        return contentType != null && contentType.contains("cbor");
    }

    public static String contentType(boolean cbor) {
        return cbor ? "application/x-amz-cbor-1.1" : "application/x-amz-json-1.1";
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> decode(byte[] body, boolean cbor) {
        if (body.length == 0) {
            return new LinkedHashMap<>();
        }
        try (JsonParser p = (cbor ? CBOR : JSON).createParser(body)) {
            p.nextToken();
            return (Map<String, Object>) read(p);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a " + (cbor ? "CBOR" : "JSON") + " body", e);
        }
    }

    public static byte[] encode(Map<String, Object> value, boolean cbor) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = (cbor ? CBOR : JSON).createGenerator(out)) {
            write(g, value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    private static Object read(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT : {
                Map<String, Object> map = new LinkedHashMap<>();
                while (p.nextToken() != JsonToken.END_OBJECT) {
                    String name = p.currentName();
                    p.nextToken();
                    map.put(name, read(p));
                }
                return map;
            }
            case START_ARRAY : {
                List<Object> list = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    list.add(read(p));
                }
                return list;
            }
            case VALUE_STRING :
                return p.getText();
            case VALUE_NUMBER_INT :
                return p.getLongValue();
            case VALUE_NUMBER_FLOAT :
                return p.getDoubleValue();
            case VALUE_TRUE :
            case VALUE_FALSE :
                return p.getBooleanValue();
            case VALUE_NULL :
                return null;
            case VALUE_EMBEDDED_OBJECT :
                return p.getBinaryValue();
            default :
                throw new IOException("unexpected token " + t);
        }
    }

    @SuppressWarnings("unchecked")
    private static void write(JsonGenerator g, Object v) throws IOException {
        if (v instanceof Map<?, ?> map) {
            g.writeStartObject();
            for (Map.Entry<String, Object> e : ((Map<String, Object>) map).entrySet()) {
                g.writeFieldName(e.getKey());
                write(g, e.getValue());
            }
            g.writeEndObject();
        } else if (v instanceof List<?> list) {
            g.writeStartArray();
            for (Object o : list) {
                write(g, o);
            }
            g.writeEndArray();
        } else if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Long || v instanceof Integer) {
            g.writeNumber(((Number) v).longValue());
        } else if (v instanceof Double d) {
            g.writeNumber(d);
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof byte[] b) {
            g.writeBinary(b);
        } else if (v == null) {
            g.writeNull();
        } else {
            throw new IOException("cannot write " + v.getClass());
        }
    }
}
