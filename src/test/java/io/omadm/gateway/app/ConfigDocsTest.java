package io.omadm.gateway.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.config.WithName;
import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md lists every configuration key: each of application.properties (profiles aside) and each of
 * the gateway's own, as {@link GatewayConfig} declares them (one per row, in backquotes).
 */
class ConfigDocsTest {

    private static String docs() throws IOException {
        return Files.readString(Path.of("docs/configuration.md"));
    }

    /** The keys {@code type} declares under {@code prefix}: kebab-case method names, nested mappings walked. */
    static List<String> keys(String prefix, Class<?> type) {
        List<String> keys = new ArrayList<>();
        for (Method m : type.getMethods()) { // the inherited ones too (gateway.mqtt.* are those of a broker)
            if (m.getParameterCount() > 0 || m.isDefault() || m.isSynthetic()) {
                continue;
            }
            WithName named = m.getAnnotation(WithName.class);
            String key = prefix + "." + (named != null ? named.value() : kebab(m.getName()));
            Class<?> r = m.getReturnType();
            // a group of keys: an interface of the configuration, nested in GatewayConfig or one of its own files
            if (isGroup(r)) {
                keys.addAll(keys(key, r));
            } else if (Map.class.equals(r) && m.getGenericReturnType() instanceof ParameterizedType p
                    && p.getActualTypeArguments()[1] instanceof Class<?> v && isGroup(v)) {
                keys.addAll(keys(key + ".<name>", v)); // a group per name: gateway.mqtt.brokers.<name>.url
            } else {
                keys.add(key);
            }
        }
        return keys;
    }

    private static boolean isGroup(Class<?> r) {
        return r.isInterface() && r.getPackageName().equals(GatewayConfig.class.getPackageName());
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    @Test
    void everyKeyOfTheGatewayConfigIsDocumented() throws IOException {
        String docs = docs();
        List<String> keys = keys("gateway", GatewayConfig.class);
        assertTrue(keys.contains("gateway.adapters.reconnect.max-delay") && keys.contains("gateway.proxy.wait")
                && keys.contains("gateway.mqtt.url") && keys.contains("gateway.mqtt.brokers.<name>.client-cert-file"),
                "the walk finds nested, inherited, named and renamed keys: " + keys);
        TreeSet<String> missing = new TreeSet<>();
        keys.stream().filter(k -> !docs.contains("`" + k + "`")).forEach(missing::add);
        assertEquals(new TreeSet<>(), missing, "keys of GatewayConfig missing from docs/configuration.md");
    }

    @Test
    void everyKeyOfApplicationPropertiesIsDocumented() throws IOException {
        String docs = docs();
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(Path.of("src/main/resources/application.properties"))) {
            p.load(r);
        }
        TreeSet<String> missing = new TreeSet<>();
        p.stringPropertyNames().stream().filter(k -> !k.startsWith("%")).filter(k -> !docs.contains("`" + k + "`"))
                .forEach(missing::add);
        assertTrue(p.size() > 10, "application.properties read");
        assertEquals(new TreeSet<>(), missing, "keys of application.properties missing from docs/configuration.md");
    }
}
