package io.liveboard.simulator;

import io.liveboard.events.LearningEvent;
import io.liveboard.json.LearningEventJson;
import io.liveboard.schema.AvroCodec;
import io.liveboard.schema.AvroTrust;

/**
 * Benchmark (not a test): how many live events one thread generates per second, alone, with Avro encoding
 * (what the Kafka path adds before the producer) and with JSON rendering (the jsonl path). Run it with
 * the command in BENCHMARKS.md; arguments: users seconds-per-measurement.
 */
public final class GeneratorRate {

    public static void main(String[] args) {
        AvroTrust.install();
        int users = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 10;
        for (String mode : (args.length > 2 ? args[2] : "generate,generate+avro,generate+json,generate,generate+avro,generate+json").split(",")) {
            LiveTraffic traffic = new LiveTraffic(Population.create(1, users, 1, 0), 1, System.currentTimeMillis(),
                    System.currentTimeMillis());
            AvroCodec codec = AvroCodec.shared();
            long sink = 0;
            long n = 0;
            long start = System.nanoTime();
            long end = start + (long) (seconds * 1e9);
            while ((n & 1023) != 0 || System.nanoTime() < end) {
                LearningEvent event = traffic.next(System.currentTimeMillis());
                switch (mode) {
                    case "generate+avro" -> sink += codec.encode(event).length;
                    case "generate+json" -> sink += LearningEventJson.toJson(event).length();
                    default -> sink += event.getEventId().length();
                }
                n++;
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            System.out.printf("%-14s %,12.0f events/s  (%,d events in %.1f s, %d users, checksum %d)%n", mode,
                    n / elapsed, n, elapsed, users, sink % 10);
        }
    }
}
