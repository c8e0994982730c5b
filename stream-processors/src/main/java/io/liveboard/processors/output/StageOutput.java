package io.liveboard.processors.output;

/**
 * What a stage's processor forwards: an {@link Emitted} output record, or an internal record bound for
 * the next stage through a repartition topic. One type, so a stage is one processor whose results are
 * split by kind without extra hops.
 */
public interface StageOutput {

    /** The record key: the output's key, or the key the next stage is partitioned by. */
    String routingKey();
}
