package io.liveboard.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ChannelTest {

    @ParameterizedTest
    @ValueSource(strings = {"leaderboard:typing_wpm", "leaderboard:math_accuracy", "leaderboard:reading_comprehension",
            "leaderboard:piano_score", "leaderboard:overall", "user:123:progress", "user:123:achievements",
            "user:9:rank-changes", "activity:feed", "activity:achievements", "activity:high-scores",
            "session:s-1:live", "session:abc.DEF_9:competitors"})
    void everyFormOfDesignSection5ParsesAndPrintsBackTheSame(String name) {
        assertThat(Channel.parse(name).name()).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "leaderboard", "leaderboard:", "leaderboard:chess", "leaderboard:overall:x",
            "user:0:progress", "user:-1:progress", "user:01:progress", "user:abc:progress", "user:1:secrets",
            "user:1", "user:1234567890123456789:progress", "activity:news", "session::live", "session:a b:live",
            "session:x:dead", "sessions:x:live", "LEADERBOARD:overall", "user:1:progress:"})
    void malformedChannelsAreRejectedWithAReason(String name) {
        assertThatThrownBy(() -> Channel.parse(name)).isInstanceOf(InvalidChannelException.class)
                .hasMessageNotContaining("Exception");
    }

    @Test
    void overlongChannelsAreRejected() {
        assertThatThrownBy(() -> Channel.parse("session:" + "a".repeat(200) + ":live"))
                .hasMessageContaining("longer than");
    }

    @Test
    void accessFollowsDesignSection5() {
        assertThat(Channel.parse("leaderboard:overall").allows(null)).isTrue();
        assertThat(Channel.parse("activity:feed").allows(null)).isTrue();
        assertThat(Channel.parse("user:5:progress").allows(null)).isFalse();
        assertThat(Channel.parse("user:5:progress").allows(5L)).isTrue();
        assertThat(Channel.parse("user:5:achievements").allows(6L)).isFalse();
        assertThat(Channel.parse("user:5:rank-changes").allows(55L)).isFalse();
        assertThat(Channel.parse("session:s1:live").allows(null)).isFalse();
        assertThat(Channel.parse("session:s1:live").allows(7L)).isTrue();
        assertThat(Channel.parse("session:s1:competitors").allows(7L)).isTrue();
    }

    @Test
    void eachChannelNamesTheTopicAndKeyItsRecordsCarry() {
        assertThat(Channel.leaderboard(Category.OVERALL).topic()).isEqualTo(Topic.LEADERBOARD_UPDATES);
        assertThat(Channel.leaderboard(Category.OVERALL).partitionKey()).contains("overall");
        assertThat(Channel.userProgress(42).topic()).isEqualTo(Topic.USER_UPDATES);
        assertThat(Channel.userProgress(42).partitionKey()).contains("42");
        assertThat(Channel.activity(ActivityFeed.HIGH_SCORES).partitionKey()).contains("high-scores");
        assertThat(Channel.sessionLive("s-1").topic()).isEqualTo(Topic.USER_UPDATES);
        assertThat(Channel.sessionLive("s-1").partitionKey()).isEmpty();
        assertThat(Channel.sessionCompetitors("s-1").topic()).isEqualTo(Topic.MATCH_UPDATES);
        assertThat(Channel.userAchievements(7).ownerUserId()).contains(7L);
    }
}
