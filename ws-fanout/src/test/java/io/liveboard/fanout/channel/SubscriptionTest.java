package io.liveboard.fanout.channel;

import io.liveboard.catalog.Category;
import io.liveboard.catalog.Channel;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SubscriptionTest {

    static Subscription live() {
        Subscription s = new Subscription(null, new ChannelState(Channel.leaderboard(Category.OVERALL)));
        s.state = Subscription.LIVE;
        return s;
    }

    @Test
    void dropsWhatTheClientAlreadyHas() {
        Subscription s = live();
        s.lastPartition = 1;
        s.lastOffset = 10;
        assertThat(s.accept(1, 10, -1)).isFalse();
        assertThat(s.accept(1, 11, -1)).isTrue();
        assertThat(s.accept(1, 11, -1)).isFalse();
        assertThat(s.accept(2, 3, -1)).isTrue();
    }

    @Test
    void dropsUpdatesAlreadyInTheSnapshot() {
        Subscription s = live();
        s.minSeq = 5;
        assertThat(s.accept(0, 1, 5)).isFalse();
        assertThat(s.accept(0, 2, 6)).isTrue();
    }

    @Test
    void nothingReachesASubscriptionThatIsNotLive() {
        Subscription s = live();
        s.state = Subscription.REPLAYING;
        assertThat(s.accept(0, 100, -1)).isFalse();
    }

    @Test
    void perPartitionTailsUntilTheChannelShowsItsPartition() {
        Subscription s = live();
        s.multiTails = new long[] {5, 9};
        assertThat(s.accept(1, 9, -1)).isFalse();
        assertThat(s.accept(1, 10, -1)).isTrue();
        assertThat(s.multiTails).isNull();
        assertThat(s.accept(1, 10, -1)).isFalse();
    }

    @Test
    void channelStateTracksWhichLoopsHaveSubscribers() {
        ChannelState cs = new ChannelState(Channel.leaderboard(Category.OVERALL));
        Subscription a = new Subscription(null, cs);
        Subscription b = new Subscription(null, cs);
        Subscription c = new Subscription(null, cs);
        cs.add(0, a);
        cs.add(3, b);
        cs.add(3, c);
        assertThat(cs.loopMask).isEqualTo(0b1001);
        cs.remove(3, b);
        assertThat(cs.size(3)).isEqualTo(1);
        assertThat(cs.subscribers(3)[0]).isSameAs(c);
        assertThat(c.slot).isZero();
        cs.remove(3, c);
        cs.remove(3, c);
        assertThat(cs.loopMask).isEqualTo(0b0001);
        cs.remove(0, a);
        assertThat(cs.loopMask).isZero();
    }
}
