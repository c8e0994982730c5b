package io.liveboard.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.liveboard.events.LearningEvent;
import io.liveboard.events.ScoreUpdated;
import io.liveboard.events.SessionEnded;
import io.liveboard.events.SessionStarted;
import io.liveboard.json.LearningEventValidator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Back-dated practice: the planned days, in each learner's own zone, in time order, valid, repeatable. */
class HistoryTest {

    /** Europe moves its clocks this day: local dates must still come out right. */
    static final Instant NOW = Instant.parse("2026-03-29T12:00:00Z");
    static final int DAYS = 110;
    static Population population;
    static List<LearningEvent> events;
    static List<User> owners;

    @BeforeAll
    static void generate() {
        population = Population.create(5, 300, 1, DAYS);
        events = new ArrayList<>();
        owners = new ArrayList<>();
        new History(population, 5, DAYS, NOW.toEpochMilli()).generate((user, event) -> {
            owners.add(user);
            events.add(event);
        }, () -> false);
    }

    @Test
    void everyEventIsValidInTimeOrderBeforeNowAndCarriesItsLearnersZone() {
        assertThat(events).hasSizeGreaterThan(20_000);
        Instant previous = Instant.EPOCH;
        for (int i = 0; i < events.size(); i++) {
            LearningEvent e = events.get(i);
            LearningEventValidator.check(e);
            assertThat(e.getOccurredAt()).isAfterOrEqualTo(previous).isBefore(NOW);
            previous = e.getOccurredAt();
            assertThat(e.getUserId()).isEqualTo(owners.get(i).id);
            assertThat(e.getTimezone()).isEqualTo(owners.get(i).timezone);
        }
        for (List<LearningEvent> session : Generated.bySession(events).values()) {
            assertThat(session.get(0).getPayload()).isInstanceOf(SessionStarted.class);
            assertThat(session.get(session.size() - 1).getPayload()).isInstanceOf(SessionEnded.class);
            assertThat(session.subList(1, session.size() - 1)).allMatch(e -> e.getPayload() instanceof ScoreUpdated);
            assertThat(session.size()).isBetween(2, 3);
        }
    }

    @Test
    void learnersPractiseOnExactlyThePlannedLocalDatesWithTheIntendedStreaks() {
        Map<Long, Set<LocalDate>> completedDays = new HashMap<>();
        Map<Long, Set<LocalDate>> anyDays = new HashMap<>();
        for (LearningEvent e : events) {
            LocalDate local = LocalDate.ofInstant(e.getOccurredAt(), ZoneId.of(e.getTimezone()));
            anyDays.computeIfAbsent(e.getUserId(), k -> new TreeSet<>()).add(local);
            if (e.getPayload() instanceof SessionEnded end && end.getCompleted()) {
                completedDays.computeIfAbsent(e.getUserId(), k -> new TreeSet<>()).add(local);
            }
        }
        int over100 = 0;
        int withGaps = 0;
        int withoutHistory = 0;
        for (User user : population.users()) {
            LocalDate today = LocalDate.ofInstant(NOW, user.zone);
            Set<LocalDate> planned = new TreeSet<>();
            user.practiceDays.stream().forEach(k -> planned.add(today.minusDays(k)));
            Set<LocalDate> completed = completedDays.getOrDefault(user.id, Set.of());
            assertThat(completed).as("completed days of %s", user).isEqualTo(planned);
            assertThat(anyDays.getOrDefault(user.id, Set.of())).as("no session outside the plan").isEqualTo(planned);
            // The streak as a processor counts it: consecutive local days with a completed session, up to yesterday.
            int streak = 0;
            while (completed.contains(today.minusDays(streak + 1))) {
                streak++;
            }
            assertThat(streak).isEqualTo(user.plannedStreak());
            over100 += streak > 100 ? 1 : 0;
            if (user.top) {
                assertThat(streak).isEqualTo(DAYS);
            }
            if (!completed.isEmpty()) {
                LocalDate first = completed.iterator().next();
                long span = java.time.temporal.ChronoUnit.DAYS.between(first, today);
                withGaps += completed.size() < span ? 1 : 0;
            } else {
                withoutHistory++;
            }
        }
        assertThat(over100).isBetween(3 + 2, 3 + 5 + 9);
        assertThat(withGaps).isGreaterThan(150);
        assertThat(withoutHistory).isGreaterThan(20);
    }

    @Test
    void practisingIsMostlyCompletedWithSomeSessionsGivenUp() {
        long ended = events.stream().filter(e -> e.getPayload() instanceof SessionEnded).count();
        long abandoned = events.stream().filter(e -> e.getPayload() instanceof SessionEnded end && !end.getCompleted()).count();
        assertThat((double) abandoned / ended).isBetween(0.01, 0.1);
        assertThat(events.stream().map(LearningEvent::getApp).distinct()).hasSize(4);
    }

    @Test
    void theSameSeedAndDayGiveTheSameEventIds() {
        List<String> again = new ArrayList<>();
        new History(Population.create(5, 300, 1, DAYS), 5, DAYS, NOW.toEpochMilli())
                .generate((user, event) -> again.add(event.getEventId()), () -> false);
        assertThat(again).isEqualTo(events.stream().map(LearningEvent::getEventId).toList());
        assertThat(Set.copyOf(again)).hasSize(again.size());
    }

    @Test
    void stopsEarlyWhenAsked() {
        List<LearningEvent> some = new ArrayList<>();
        new History(Population.create(5, 300, 1, DAYS), 5, DAYS, NOW.toEpochMilli())
                .generate((user, event) -> some.add(event), () -> some.size() >= 5_000);
        assertThat(some.size()).isBetween(5_000, 5_000 + 1_024);
    }
}
