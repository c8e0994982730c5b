package io.liveboard.processors.streak;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import io.liveboard.catalog.Channel;
import io.liveboard.catalog.Topic;
import io.liveboard.events.EventIds;
import io.liveboard.events.LearningEvent;
import io.liveboard.events.StreakMilestone;
import io.liveboard.processors.achievement.Achievements;
import io.liveboard.processors.achievement.Achievements.Threshold;
import io.liveboard.processors.achievement.Unlocks;
import io.liveboard.processors.output.Emitted;
import io.liveboard.processors.output.StageOutput;
import io.liveboard.processors.streak.StreakRuns.Added;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Practice streaks (store {@value #STORE}, key user id). A day counts when the user completes a session
 * that calendar day in the event's {@code timezone} (UTC when absent); the streak is a run of consecutive
 * counted days. A late session that fills a gap joins the runs on both sides. {@code streak.milestone}
 * goes out whenever a run reaches 7, 30 or 100 days (a run that already had that length when it was
 * joined or extended does not repeat it); the streak achievements unlock the first time any run does.
 */
public final class Streaks {

    public static final String STORE = "streaks";
    static final int MAX_RUNS = 400;
    static final int[] MILESTONES = {7, 30, 100};

    private final KeyValueStore<String, StreakState> store;

    public Streaks(KeyValueStore<String, StreakState> store) {
        this.store = store;
    }

    public void completed(LearningEvent event, List<StageOutput> out) {
        long userId = event.getUserId();
        String key = Long.toString(userId);
        ZoneId zone = event.getTimezone() == null ? ZoneOffset.UTC : ZoneId.of(event.getTimezone());
        long day = LocalDate.ofInstant(event.getOccurredAt(), zone).toEpochDay();
        StreakState state = store.get(key);
        if (state == null) {
            state = new StreakState();
        }
        Added added = StreakRuns.add(state.runs, day);
        if (added == null) {
            return;
        }
        while (state.runs.size() > MAX_RUNS) {
            state.runs.remove(0);
        }
        int length = added.run().length();
        Instant at = event.getOccurredAt();
        for (int milestone : MILESTONES) {
            if (added.longestJoined() < milestone && milestone <= length) {
                StreakMilestone m = StreakMilestone.newBuilder()
                        .setEventId(EventIds.derive("streak.milestone", event.getEventId(), userId, milestone))
                        .setUserId(userId).setUsername(event.getUsername()).setMilestone(milestone)
                        .setStreakDays(length).setStreakStart(LocalDate.ofEpochDay(added.run().start()).toString())
                        .setTimestamp(at).build();
                out.add(Emitted.of(Topic.USER_UPDATES, key, m, List.of(Channel.userAchievements(userId))));
            }
        }
        for (Threshold t : Achievements.STREAKS) {
            if (state.longestEver < t.value() && t.value() <= length) {
                Unlocks.unlock(userId, event.getUsername(), t.achievement(), at, event.getEventId(), out);
            }
        }
        state.longestEver = Math.max(state.longestEver, length);
        store.put(key, state);
    }
}
