package io.liveboard.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The kernel's TCP/IP counters ({@code /proc/net/netstat} and {@code /proc/net/snmp}, what {@code nstat} reads), so
 * a phase can report which of them moved while it ran: drops, retransmits and overflows that latency alone hides.
 */
final class KernelCounters {

    private final Map<String, Long> values;

    private KernelCounters(Map<String, Long> values) {
        this.values = values;
    }

    static KernelCounters read() {
        Map<String, Long> values = new TreeMap<>();
        for (String file : List.of("/proc/net/netstat", "/proc/net/snmp")) {
            try {
                List<String> lines = Files.readAllLines(Path.of(file));
                // Pairs of lines: "Prefix: Name1 Name2 ..." then "Prefix: value1 value2 ...".
                for (int i = 0; i + 1 < lines.size(); i += 2) {
                    String[] names = lines.get(i).trim().split("\\s+");
                    String[] numbers = lines.get(i + 1).trim().split("\\s+");
                    String prefix = names[0].replace(":", "");
                    for (int k = 1; k < Math.min(names.length, numbers.length); k++) {
                        try {
                            values.put(prefix + names[k], Long.parseLong(numbers[k]));
                        } catch (NumberFormatException e) {
                            // not a counter
                        }
                    }
                }
            } catch (IOException e) {
                // not Linux, or not readable here: report nothing
            }
        }
        return new KernelCounters(values);
    }

    /** The counters that changed since {@code before}, as {@code name +delta}, or "none". */
    String changesSince(KernelCounters before, List<String> ignoredPrefixes) {
        StringBuilder sb = new StringBuilder();
        values.forEach((name, value) -> {
            long delta = value - before.values.getOrDefault(name, 0L);
            if (delta != 0 && ignoredPrefixes.stream().noneMatch(name::startsWith)) {
                sb.append(sb.isEmpty() ? "" : ", ").append(name).append(' ').append(delta > 0 ? "+" : "").append(delta);
            }
        });
        return sb.isEmpty() ? "none" : sb.toString();
    }
}
