package io.liveboard.processors.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.liveboard.processors.leaderboard.RankIndex.Entry;
import org.junit.jupiter.api.Test;

/** The index against an independent simple model: a list sorted by the ranking order. */
class RankIndexTest {

    private static final Comparator<Entry> ORDER = Comparator.comparingDouble(Entry::value).reversed()
            .thenComparingLong(Entry::reachedAt).thenComparingLong(Entry::userId);

    @Test
    void ordersByValueThenWhoReachedItFirstThenUserId() {
        RankIndex index = new RankIndex();
        index.insert(80, 2000, 1);
        index.insert(80, 1000, 3);
        index.insert(80, 1000, 2);
        index.insert(95, 5000, 9);
        index.insert(10, 0, 4);
        assertThat(index.top(10)).extracting(Entry::userId).containsExactly(9L, 2L, 3L, 1L, 4L);
        assertThat(index.rank(80, 2000, 1)).isEqualTo(4);
        assertThat(index.rank(80, 2000, 7)).isZero();
        assertThat(index.at(2).userId()).isEqualTo(2);
        assertThat(index.at(6)).isNull();
        assertThat(index.remove(80, 1000, 2)).isTrue();
        assertThat(index.remove(80, 1000, 2)).isFalse();
        assertThat(index.top(2)).extracting(Entry::userId).containsExactly(9L, 3L);
        assertThat(index.size()).isEqualTo(4);
    }

    @Test
    void agreesWithASortedListUnderRandomUpdates() {
        Random random = new Random(42);
        RankIndex index = new RankIndex(4);
        Map<Long, Entry> current = new HashMap<>();
        List<Entry> model = new ArrayList<>();
        for (int step = 0; step < 20_000; step++) {
            long user = 1 + random.nextInt(500);
            Entry old = current.get(user);
            if (old != null && random.nextInt(10) == 0) {
                assertThat(index.remove(old.value(), old.reachedAt(), user)).isTrue();
                model.remove(old);
                current.remove(user);
            } else {
                // Few distinct values and times, so ties on value and on time are common.
                Entry next = new Entry(random.nextInt(30), random.nextInt(5), user);
                if (old != null) {
                    index.remove(old.value(), old.reachedAt(), user);
                    model.remove(old);
                }
                index.insert(next.value(), next.reachedAt(), user);
                model.add(next);
                current.put(user, next);
            }
            if (step % 97 == 0) {
                model.sort(ORDER);
                assertThat(index.size()).isEqualTo(model.size());
                for (int i = 0; i < model.size(); i++) {
                    Entry e = model.get(i);
                    assertThat(index.rank(e.value(), e.reachedAt(), e.userId())).isEqualTo(i + 1);
                    assertThat(index.at(i + 1)).isEqualTo(e);
                }
                assertThat(index.top(25)).containsExactlyElementsOf(model.subList(0, Math.min(25, model.size())));
            }
        }
    }
}
