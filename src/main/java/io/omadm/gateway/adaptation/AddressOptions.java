package io.omadm.gateway.adaptation;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A point address with options after it, as the Modbus and MQTT adapters write them:
 * {@code <where>?<option>=<value>&<option>=<value>}. An option written twice, or a pair that is not option=value, is
 * an IllegalArgumentException naming the address.
 */
public record AddressOptions(String base, Map<String, String> options) {

    private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})(ms|s|m|h)");

    public AddressOptions {
        options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    public static AddressOptions parse(String address) {
        int q = address.indexOf('?');
        Map<String, String> options = new LinkedHashMap<>();
        if (q >= 0) {
            for (String pair : address.substring(q + 1).split("&", -1)) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("'" + pair + "' in '" + address + "' is not option=value");
                }
                if (options.put(pair.substring(0, eq), pair.substring(eq + 1)) != null) {
                    throw new IllegalArgumentException("'" + pair.substring(0, eq) + "' is written twice in '"
                            + address + "'");
                }
            }
        }
        return new AddressOptions(q < 0 ? address : address.substring(0, q), options);
    }

    /** What {@code parse} says is wrong with a text (its IllegalArgumentException's message), or empty. */
    public static Optional<String> problem(String text, Consumer<String> parse) {
        try {
            parse.accept(text);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** The option, or {@code otherwise} when the address does not give it. */
    public String get(String option, String otherwise) {
        return options.getOrDefault(option, otherwise);
    }

    /** A duration option such as {@code 500ms}, {@code 30s}, {@code 5m} or {@code 1h}. */
    public static Duration duration(String option, String value) {
        Matcher m = DURATION.matcher(value);
        if (!m.matches()) {
            throw new IllegalArgumentException(option + " '" + value
                    + "' is not a duration such as 500ms, 30s, 5m, 1h");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }
}
