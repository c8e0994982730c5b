package io.liveboard.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.liveboard.events.LearningEvent;
import io.liveboard.events.ScoreUpdated;
import io.liveboard.events.SessionEnded;
import io.liveboard.events.SessionStarted;
import io.liveboard.json.LearningEventJson;
import io.liveboard.json.LearningEventValidator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Live traffic: valid, ordered per session, believable, with matches and leaders trading places. */
class LiveTrafficTest {

    /** 20 events/s for 500 users, about 4 hours of simulated time: the one-command mode's kind of traffic. */
    static List<LearningEvent> natural;
    /** As fast as possible for 40 users: time is compressed. */
    static List<LearningEvent> compressed;

    @BeforeAll
    static void generate() {
        natural = Generated.live(11, 500, 250_000, 50_000);
        compressed = Generated.live(12, 40, 100_000, 10);
    }

    @Test
    void everyEventIsValidAndSurvivesTheJsonLinesRoundTrip() {
        for (List<LearningEvent> events : List.of(natural, compressed)) {
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < events.size(); i++) {
                LearningEvent e = events.get(i);
                LearningEventValidator.check(e);
                assertThat(ids.add(e.getEventId())).as("unique event id").isTrue();
                if (i % 101 == 0) {
                    assertThat(LearningEventJson.parse(LearningEventJson.toJson(e))).isEqualTo(e);
                }
            }
        }
    }

    @Test
    void sessionsGoStartedThenUpdatesThenEndedWithRealElapsedTimes() {
        for (List<LearningEvent> events : List.of(natural, compressed)) {
            Map<Long, Long> busyUntil = new HashMap<>();
            int ended = 0;
            for (List<LearningEvent> session : Generated.bySession(events).values()) {
                LearningEvent first = session.get(0);
                assertThat(first.getPayload()).isInstanceOf(SessionStarted.class);
                long start = first.getOccurredAt().toEpochMilli();
                long lastElapsed = 0;
                for (int i = 1; i < session.size(); i++) {
                    LearningEvent e = session.get(i);
                    assertThat(e.getUserId()).isEqualTo(first.getUserId());
                    assertThat(e.getApp()).isEqualTo(first.getApp());
                    long elapsed = e.getOccurredAt().toEpochMilli() - start;
                    assertThat(elapsed).isGreaterThanOrEqualTo(lastElapsed);
                    lastElapsed = elapsed;
                    if (e.getPayload() instanceof ScoreUpdated update) {
                        assertThat(update.getElapsedMs()).isEqualTo(elapsed);
                    } else {
                        SessionEnded end = (SessionEnded) e.getPayload();
                        assertThat(i).as("the end is last").isEqualTo(session.size() - 1);
                        assertThat(end.getDurationMs()).isEqualTo(elapsed);
                        ended++;
                    }
                }
                // One learner, one session at a time.
                long until = busyUntil.getOrDefault(first.getUserId(), Long.MIN_VALUE);
                assertThat(start).as("user %d starts after their previous session", first.getUserId())
                        .isGreaterThanOrEqualTo(until);
                busyUntil.put(first.getUserId(), session.get(session.size() - 1).getOccurredAt().toEpochMilli());
            }
            assertThat(ended).isGreaterThan(1000);
        }
    }

    @Test
    void updatesComeAtEachAppsPaceWhenTheRateAllows() {
        Map<String, List<Long>> gaps = new HashMap<>();
        for (List<LearningEvent> session : Generated.bySession(natural).values()) {
            for (int i = 1; i < session.size(); i++) {
                if (session.get(i).getPayload() instanceof ScoreUpdated) {
                    gaps.computeIfAbsent(session.get(0).getApp(), k -> new ArrayList<>())
                            .add(session.get(i).getOccurredAt().toEpochMilli() - session.get(i - 1).getOccurredAt().toEpochMilli());
                }
            }
        }
        // Planned: typing every 2 s, reading every 10 s, piano every 2.5 s, math per question (seconds), +-20 %.
        assertThat(median(gaps.get("typing"))).isBetween(1_700L, 2_400L);
        assertThat(median(gaps.get("reading"))).isBetween(8_500L, 12_000L);
        assertThat(median(gaps.get("piano"))).isBetween(2_100L, 3_000L);
        assertThat(median(gaps.get("math"))).isBetween(2_500L, 14_000L);
        // Sessions last as planned: a typing test is 30 or 60 seconds.
        long testMinutes = Generated.bySession(natural).values().stream()
                .filter(s -> s.get(0).getPayload() instanceof SessionStarted st && st.getMode().equals("test-60s"))
                .filter(s -> s.get(s.size() - 1).getPayload() instanceof SessionEnded end && end.getCompleted())
                .mapToLong(s -> ((SessionEnded) s.get(s.size() - 1).getPayload()).getDurationMs())
                .filter(d -> d < 50_000 || d > 75_000).count();
        assertThat(testMinutes).isZero();
    }

    @Test
    void resultsHaveRealisticDistributions() {
        List<SessionEnded> typing = Generated.completed(natural, "typing");
        double[] wpm = typing.stream().mapToDouble(SessionEnded::getWpm).sorted().toArray();
        assertThat(percentile(wpm, 0.05)).isBetween(18.0, 45.0);
        assertThat(percentile(wpm, 0.5)).isBetween(40.0, 75.0);
        assertThat(percentile(wpm, 0.99)).isBetween(110.0, 165.0);
        long goodAccuracy = typing.stream().filter(e -> e.getAccuracy() >= 85).count();
        assertThat((double) goodAccuracy / typing.size()).isGreaterThan(0.8);
        long perfect = typing.stream().filter(e -> e.getAccuracy() == 100.0).count();
        assertThat((double) perfect / typing.size()).isBetween(0.005, 0.1);

        double[] math = Generated.completed(natural, "math").stream().mapToDouble(SessionEnded::getAccuracy).sorted().toArray();
        assertThat(percentile(math, 0.5)).isBetween(75.0, 95.0);
        assertThat(percentile(math, 0.95)).isEqualTo(100.0);
        double[] reading = Generated.completed(natural, "reading").stream()
                .mapToDouble(SessionEnded::getComprehension).sorted().toArray();
        assertThat(percentile(reading, 0.5)).isBetween(60.0, 90.0);
        double[] piano = Generated.completed(natural, "piano").stream().mapToDouble(SessionEnded::getScore).sorted().toArray();
        assertThat(percentile(piano, 0.5)).isBetween(4_000.0, 8_000.0);
        assertThat(percentile(piano, 1.0)).isLessThanOrEqualTo(10_000.0);

        long ended = natural.stream().filter(e -> e.getPayload() instanceof SessionEnded).count();
        List<SessionEnded> abandoned = natural.stream().filter(e -> e.getPayload() instanceof SessionEnded end && !end.getCompleted())
                .map(e -> (SessionEnded) e.getPayload()).toList();
        assertThat((double) abandoned.size() / ended).isBetween(0.03, 0.12);
        assertThat(abandoned).allMatch(e -> e.getPoints() == 0);
        for (String app : List.of("typing", "math", "reading", "piano")) {
            assertThat(Generated.completed(natural, app)).allMatch(e -> e.getPoints() > 0 && e.getPoints() < 1_000);
        }
    }

    @Test
    void matchesHaveTwoToSixCompetitorsOfOneAppPlayingAtTheSameTime() {
        Map<String, List<List<LearningEvent>>> matches = new HashMap<>();
        for (List<LearningEvent> session : Generated.bySession(natural).values()) {
            if (session.get(0).getPayload() instanceof SessionStarted start && start.getMatchId() != null) {
                matches.computeIfAbsent(start.getMatchId(), k -> new ArrayList<>()).add(session);
            }
        }
        assertThat(matches).hasSizeGreaterThan(100);
        int[] sizes = new int[7];
        for (List<List<LearningEvent>> match : matches.values()) {
            assertThat(match.size()).isBetween(2, 6);
            sizes[match.size()]++;
            assertThat(match.stream().map(s -> s.get(0).getApp()).distinct()).hasSize(1);
            assertThat(match.stream().map(s -> s.get(0).getUserId()).distinct()).hasSize(match.size());
            long lastStart = match.stream().mapToLong(s -> s.get(0).getOccurredAt().toEpochMilli()).max().orElseThrow();
            long firstEnd = match.stream().mapToLong(s -> s.get(s.size() - 1).getOccurredAt().toEpochMilli()).min().orElseThrow();
            assertThat(lastStart).as("everyone started before anyone finished").isLessThan(firstEnd);
        }
        assertThat(Arrays.stream(sizes, 2, 7)).allMatch(n -> n > 0);
    }

    @Test
    void whenTheRateNeedsMoreLearnersThanThereAreEveryonePractisesAtOnce() {
        // 40 learners asked for 100,000 events/s: breaks are cut short and sessions go early, but learners still
        // practise side by side and compete in matches rather than one after the other.
        Map<String, Boolean> open = new HashMap<>();
        long concurrencySum = 0;
        Set<String> matchIds = new HashSet<>();
        for (LearningEvent e : compressed) {
            if (e.getPayload() instanceof SessionStarted start) {
                open.put(start.getSessionId(), true);
                if (start.getMatchId() != null) {
                    matchIds.add(start.getMatchId());
                }
            } else if (e.getPayload() instanceof SessionEnded end) {
                open.remove(end.getSessionId());
            }
            concurrencySum += open.size();
        }
        assertThat((double) concurrencySum / compressed.size()).isGreaterThan(30);
        assertThat(matchIds).hasSizeGreaterThan(20);
    }

    @Test
    void atTheSlowestRateSessionsStillEndWithinHours() {
        // One event every 1,000 s (slower than the CLI allows): a session of 30 updates would take 8 hours.
        List<LearningEvent> slow = Generated.live(14, 50, 2_000, 1_000_000_000);
        long longest = 0;
        int givenUp = 0;
        for (LearningEvent e : slow) {
            LearningEventValidator.check(e);
            if (e.getPayload() instanceof SessionEnded end) {
                longest = Math.max(longest, end.getDurationMs());
                givenUp += end.getDurationMs() > Session.MAX_LIVE_MS && !end.getCompleted() ? 1 : 0;
            }
        }
        // A session is checked when it next emits: at most a few events later (up to 6 sessions of a match share them).
        assertThat(longest).isBetween(Session.MAX_LIVE_MS, Session.MAX_LIVE_MS + 6 * 1_000_000);
        assertThat(givenUp).isGreaterThan(10);
    }

    @Test
    void topPerformersTradePlacesAtTheTopOfTheBoards() {
        Population population = Population.create(11, 500, 1, 0);
        Set<Long> tops = new HashSet<>();
        population.users().stream().filter(u -> u.top).forEach(u -> tops.add(u.id));
        assertThat(tops).hasSizeBetween(3, 5);

        // typing_wpm: best per user; overall: sum of points. Count changes of leader from one top performer to another.
        Map<Long, Double> best = new HashMap<>();
        Map<Long, Long> points = new HashMap<>();
        long wpmLeader = -1;
        long pointsLeader = -1;
        int wpmChanges = 0;
        int pointsChanges = 0;
        for (LearningEvent e : natural) {
            if (!(e.getPayload() instanceof SessionEnded end) || !end.getCompleted()) {
                continue;
            }
            long user = e.getUserId();
            long total = points.merge(user, (long) end.getPoints(), Long::sum);
            if (pointsLeader < 0 || total > points.get(pointsLeader)) {
                pointsChanges += user != pointsLeader && tops.contains(user) && tops.contains(pointsLeader) ? 1 : 0;
                pointsLeader = user;
            }
            if (e.getApp().equals("typing")) {
                double wpm = best.merge(user, end.getWpm(), Math::max);
                if (wpmLeader < 0 || wpm > best.get(wpmLeader)) {
                    wpmChanges += user != wpmLeader && tops.contains(user) && tops.contains(wpmLeader) ? 1 : 0;
                    wpmLeader = user;
                }
            }
        }
        assertThat(tops).contains(wpmLeader, pointsLeader);
        assertThat(wpmChanges).as("typing_wpm leader passed between top performers").isGreaterThanOrEqualTo(2);
        assertThat(pointsChanges).as("overall leader passed between top performers").isGreaterThanOrEqualTo(2);
    }

    @Test
    void theSameSeedGivesTheSameTrafficAndAnotherSeedOther() {
        List<LearningEvent> again = Generated.live(12, 40, 100_000, 10);
        assertThat(again).isEqualTo(compressed);
        List<LearningEvent> other = Generated.live(13, 40, 1_000, 10);
        assertThat(other.get(0).getEventId()).isNotEqualTo(compressed.get(0).getEventId());
        assertThat(other.stream().map(LearningEvent::getUsername).distinct().toList())
                .isNotEqualTo(compressed.subList(0, 1_000).stream().map(LearningEvent::getUsername).distinct().toList());
    }

    @Test
    void usersLiveInManyZonesWithValidNames() {
        Population population = Population.create(3, 2_000, 1, 110);
        assertThat(population.users().stream().map(u -> u.timezone).distinct().count()).isGreaterThan(20);
        assertThat(population.users().stream().map(u -> u.username).distinct().count()).isEqualTo(2_000);
        assertThat(population.users().stream().filter(u -> u.username.chars().anyMatch(c -> c > 127))).isNotEmpty();
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }

    private static double percentile(double[] sorted, double p) {
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
    }
}
