package io.liveboard.fanout;

import io.liveboard.schema.AvroTrust;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * A stateless WebSocket fan-out node: reads every partition of the output topics, keeps recent history in memory,
 * and pushes channel messages to subscribed browsers; serves the dashboard on the same port. Any number of nodes
 * may run against one Kafka. Safe to start several times in one JVM (no static state; every thread and event
 * loop ends with its context).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class FanoutApplication {

    public static void main(String[] args) {
        AvroTrust.install();
        SpringApplication.run(FanoutApplication.class, args);
    }
}
