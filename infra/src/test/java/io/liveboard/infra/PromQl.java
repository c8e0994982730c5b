package io.liveboard.infra;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression reads. Not a full PromQL parser: it removes what cannot be a metric name
 * (strings, label matchers, range and offset durations, by/without/on/ignoring label lists, Grafana variables and
 * numbers), then every identifier left that is not a function or keyword is a metric name.
 */
final class PromQl {

    private static final Set<String> FUNCTIONS_AND_KEYWORDS = Set.of(
            // aggregations
            "sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values", "bottomk", "topk",
            "quantile", "limitk", "limit_ratio",
            // functions used in dashboards
            "rate", "irate", "increase", "delta", "idelta", "deriv", "histogram_quantile", "abs", "ceil", "floor",
            "round", "clamp", "clamp_min", "clamp_max", "label_replace", "label_join", "vector", "scalar", "time",
            "timestamp", "absent", "absent_over_time", "avg_over_time", "max_over_time", "min_over_time",
            "sum_over_time", "count_over_time", "last_over_time", "quantile_over_time", "changes", "resets", "sort",
            "sort_desc", "predict_linear", "exp", "ln", "log2", "log10", "sqrt",
            // keywords
            "by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or", "unless", "offset");

    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    private PromQl() {
    }

    static Set<String> metricNames(String expr) {
        String s = expr;
        s = s.replaceAll("\"(\\\\.|[^\"\\\\])*\"", " ");             // strings
        s = s.replaceAll("'(\\\\.|[^'\\\\])*'", " ");
        s = s.replaceAll("\\$\\{[^}]*}", " ");                       // ${grafana_var}
        s = s.replaceAll("\\$[a-zA-Z_]\\w*", " ");                   // $grafana_var
        s = s.replaceAll("\\{[^}]*}", " ");                          // label matchers
        s = s.replaceAll("\\[[^\\]]*]", " ");                        // ranges, subqueries
        s = s.replaceAll("(?i)\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        s = s.replaceAll("(?i)\\boffset\\s+\\S+", " ");
        s = s.replaceAll("\\b\\d+(\\.\\d+)?(e[+-]?\\d+)?\\b", " ");  // numbers
        Set<String> names = new LinkedHashSet<>();
        Matcher m = IDENTIFIER.matcher(s);
        while (m.find()) {
            String id = m.group();
            if (!FUNCTIONS_AND_KEYWORDS.contains(id.toLowerCase())) {
                names.add(id);
            }
        }
        return names;
    }
}
