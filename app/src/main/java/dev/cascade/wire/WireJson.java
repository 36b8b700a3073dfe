package dev.cascade.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.BeanPropertyWriter;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.util.NameTransformer;
import dev.cascade.core.money.Fixed;
import dev.cascade.core.port.QueryStore;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one JSON encoder of every surface that speaks JSON (REST, WebSocket, webhooks, CLI {@code --format json}), so a
 * client in any language reads exact money and ids:
 *
 * <ul>
 *   <li><b>Money and other fixed-point values are decimal strings.</b> A record component named with its scale
 *       ({@code notionalUsdE6}, {@code priceE8}, {@code rateE12}) goes out under the name without the suffix
 *       ({@code notionalUsd}, {@code price}, {@code rate}) as an exact decimal string ({@code "1234.5"}); arrays and
 *       lists of such values become arrays of strings. Core records whose components carry no suffix are listed in
 *       {@link #UNSUFFIXED} with their scale.</li>
 *   <li><b>Ids are strings</b> ({@code eventId}, {@code id}): 64-bit ids exceed a JavaScript number's 53 bits.</li>
 *   <li>Times (epoch ms, {@code ingestUs} epoch micros), counts and ppm stay JSON numbers: all are below 2^53.</li>
 * </ul>
 * A JavaScript number holds integers exactly only up to 2^53: a USD e6 figure above $9.007B, or most 64-bit event ids,
 * would change on the way into a browser.
 */
public final class WireJson {
    private static final Pattern SCALED = Pattern.compile("(.+?)E(6|8|12)");
    /**
     * Money components of core records that are named without their scale (the core model's own convention). The
     * autopsy document is the one exception to the string rule: it states its integer units in its "units" field.
     */
    private static final Map<Class<?>, Map<String, Integer>> UNSUFFIXED = Map.of(
            QueryStore.LiquidationTotal.class, Map.of("notionalUsd", Fixed.E6));

    private static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new SimpleModule("cascade-wire")
            .setSerializerModifier(new BeanSerializerModifier() {
                @Override
                public List<BeanPropertyWriter> changeProperties(SerializationConfig config, BeanDescription desc,
                                                                 List<BeanPropertyWriter> props) {
                    List<BeanPropertyWriter> out = new ArrayList<>(props.size());
                    for (BeanPropertyWriter w : props) {
                        out.add(wire(desc.getBeanClass(), w));
                    }
                    return out;
                }
            }));
    private static final ObjectMapper PRETTY = MAPPER.copy().enable(SerializationFeature.INDENT_OUTPUT);

    private WireJson() {
    }

    /** Compact JSON of {@code value} (records, maps, lists). */
    public static String write(Object value) {
        return write(MAPPER, value);
    }

    /** Indented JSON, for files and terminals. */
    public static String pretty(Object value) {
        return write(PRETTY, value);
    }

    private static String write(ObjectMapper m, Object value) {
        try {
            return m.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + value.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /** {@code value} as a JSON tree under the same rules, for a response that adds fields to a record. */
    public static ObjectNode tree(Object value) {
        return MAPPER.valueToTree(value);
    }

    /** The exact decimal of fixed-point {@code v} with {@code scale} decimals, without trailing zeros ("99950.12"). */
    public static String decimal(long v, int scale) {
        return Fixed.toBigDecimal(v, scale).stripTrailingZeros().toPlainString();
    }

    /** A 64-bit id as the wire carries it. */
    public static String id(long id) {
        return Long.toString(id);
    }

    private static BeanPropertyWriter wire(Class<?> owner, BeanPropertyWriter w) {
        String name = w.getName();
        Class<?> type = w.getType().getRawClass();
        boolean integral = type == long.class || type == Long.class || type == long[].class || Collection.class.isAssignableFrom(type);
        Integer scale = UNSUFFIXED.getOrDefault(owner, Map.of()).get(name);
        Matcher m = SCALED.matcher(name);
        if (scale == null && integral && m.matches()) {
            scale = Integer.parseInt(m.group(2));
            name = m.group(1);
        }
        if (scale != null) {
            return withSerializer(renamed(w, name), new DecimalSerializer(scale));
        }
        if ((type == long.class || type == Long.class) && (name.equals("id") || name.endsWith("Id"))) {
            return withSerializer(w, new IdSerializer());
        }
        return w;
    }

    private static BeanPropertyWriter renamed(BeanPropertyWriter w, String name) {
        return name.equals(w.getName()) ? w : w.rename(new NameTransformer() {
            @Override
            public String transform(String in) {
                return name;
            }

            @Override
            public String reverse(String transformed) {
                return transformed;
            }
        });
    }

    private static BeanPropertyWriter withSerializer(BeanPropertyWriter w, JsonSerializer<Object> s) {
        w.assignSerializer(s);
        return w;
    }

    /** Fixed-point numbers (a long, or an array or list of them) as decimal strings. */
    private static final class DecimalSerializer extends JsonSerializer<Object> {
        private final int scale;

        DecimalSerializer(int scale) {
            this.scale = scale;
        }

        @Override
        public void serialize(Object v, JsonGenerator g, SerializerProvider p) throws IOException {
            if (v instanceof Number n) {
                g.writeString(decimal(n.longValue(), scale));
            } else if (v instanceof long[] a) {
                g.writeStartArray();
                for (long x : a) {
                    g.writeString(decimal(x, scale));
                }
                g.writeEndArray();
            } else if (v instanceof Collection<?> c) {
                g.writeStartArray();
                for (Object x : c) {
                    g.writeString(decimal(((Number) x).longValue(), scale));
                }
                g.writeEndArray();
            } else {
                p.defaultSerializeValue(v, g);
            }
        }
    }

    private static final class IdSerializer extends JsonSerializer<Object> {
        @Override
        public void serialize(Object v, JsonGenerator g, SerializerProvider p) throws IOException {
            g.writeString(id(((Number) v).longValue()));
        }
    }
}
