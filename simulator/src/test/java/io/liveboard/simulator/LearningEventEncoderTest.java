package io.liveboard.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import io.liveboard.events.LearningEvent;
import io.liveboard.events.SessionEnded;
import io.liveboard.events.SessionStarted;
import io.liveboard.schema.AvroCodec;
import org.junit.jupiter.api.Test;

/** The hand-written encoder writes exactly what the project's codec writes, for every kind of event. */
class LearningEventEncoderTest {

    @Test
    void writesTheCodecsBytesForEveryKindOfEvent() {
        Population population = Population.create(21, 300, 1, 20);
        List<LearningEvent> events = new ArrayList<>(Generated.live(21, 300, 60_000, 200_000));
        new History(population, 21, 20, Generated.START).generate((user, event) -> events.add(event), () -> false);
        // Every variant: all payload types, with and without match, completed and abandoned, and every app.
        assertThat(events).anyMatch(e -> e.getPayload() instanceof SessionStarted s && s.getMatchId() != null);
        assertThat(events).anyMatch(e -> e.getPayload() instanceof SessionEnded s && !s.getCompleted());
        assertThat(events.stream().map(LearningEvent::getApp).distinct()).hasSize(4);

        LearningEventEncoder encoder = new LearningEventEncoder(Simulator.samples(population));
        assertThat(encoder.fast()).isTrue();
        AvroCodec codec = AvroCodec.shared();
        for (LearningEvent event : events) {
            byte[] bytes = encoder.encode(event);
            assertThat(bytes).isEqualTo(codec.encode(event));
        }
        assertThat(codec.decode(encoder.encode(events.get(7)))).isEqualTo(events.get(7));
    }

    @Test
    void defersToTheCodecWhenItsBytesDifferFromTheReference() {
        // As after a schema change this class does not know about: the self-check fails, the codec takes over.
        List<LearningEvent> samples = Simulator.samples(Population.create(1, 10, 1, 0));
        LearningEventEncoder encoder = new LearningEventEncoder(samples, e -> new byte[] {1});
        assertThat(encoder.fast()).isFalse();
        assertThat(encoder.encode(samples.get(0))).isEqualTo(AvroCodec.shared().encode(samples.get(0)));
    }
}
