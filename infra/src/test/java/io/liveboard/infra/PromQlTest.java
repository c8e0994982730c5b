package io.liveboard.infra;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromQlTest {

    @Test
    void findsTheMetricsOfAnExpression() {
        assertThat(PromQl.metricNames("histogram_quantile(0.99, sum by (le) (rate(liveboard_fanout_delivery_latency_seconds_bucket"
                + "{namespace=\"$namespace\", pod=~\"a|b\"}[$__rate_interval])))"))
                .containsExactly("liveboard_fanout_delivery_latency_seconds_bucket");
        assertThat(PromQl.metricNames("sum by (topic) (kafka_consumergroup_lag{consumergroup=~\".*x\"}) / ignoring(pod) "
                + "max without (instance) (up offset 5m) > 2"))
                .containsExactly("kafka_consumergroup_lag", "up");
        assertThat(PromQl.metricNames("sum(rate(a_total[5m])) + sum(increase(b_total[${__range}]))"))
                .containsExactly("a_total", "b_total");
        assertThat(PromQl.metricNames("1 + 2")).isEmpty();
    }
}
