package dev.assay.telemetry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the Prometheus text exposition format (version 0.0.4): {@code name{label="value",...} value [ts]}
 * lines; comments and blank lines skipped. Lines it cannot read are counted, not fatal.
 */
final class PrometheusTextParser {
    private PrometheusTextParser() {
    }

    record Sample(String name, Map<String, String> labels, double value) {
    }

    record Parsed(List<Sample> samples, int unreadableLines) {
    }

    static Parsed parse(String text) {
        List<Sample> out = new ArrayList<>();
        int bad = 0;
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            Sample s = line(line);
            if (s == null) bad++;
            else out.add(s);
        }
        return new Parsed(out, bad);
    }

    private static Sample line(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ' && line.charAt(i) != '\t') i++;
        String name = line.substring(0, i);
        if (name.isEmpty()) return null;
        Map<String, String> labels = new LinkedHashMap<>();
        if (i < line.length() && line.charAt(i) == '{') {
            i++;
            while (true) {
                while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == ',')) i++;
                if (i >= line.length()) return null;
                if (line.charAt(i) == '}') {
                    i++;
                    break;
                }
                int eq = line.indexOf('=', i);
                if (eq < 0 || eq + 1 >= line.length() || line.charAt(eq + 1) != '"') return null;
                String key = line.substring(i, eq).strip();
                StringBuilder value = new StringBuilder();
                int j = eq + 2;
                for (; j < line.length() && line.charAt(j) != '"'; j++) {
                    char c = line.charAt(j);
                    if (c == '\\' && j + 1 < line.length()) {
                        char n = line.charAt(++j);
                        value.append(n == 'n' ? '\n' : n);
                    } else {
                        value.append(c);
                    }
                }
                if (j >= line.length()) return null;
                labels.put(key, value.toString());
                i = j + 1;
            }
        }
        String[] rest = line.substring(i).strip().split("\\s+");
        if (rest.length == 0 || rest[0].isEmpty()) return null;
        try {
            return new Sample(name, labels, switch (rest[0]) {
                case "+Inf" -> Double.POSITIVE_INFINITY;
                case "-Inf" -> Double.NEGATIVE_INFINITY;
                default -> Double.parseDouble(rest[0]);
            });
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
