package io.liveboard.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.liveboard.catalog.App;
import io.liveboard.events.ActivityItem;
import io.liveboard.events.LearningEvent;
import io.liveboard.events.SessionEnded;
import io.liveboard.testing.Events;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The dashboard as people see it: a real headless Chromium on the page the fan-out serves, the real stream
 * processors and fan-out on the embedded broker, and learning events produced the way the apps send them.
 * Expected rankings are worked out by hand from the values produced. Each test uses its own users and its own
 * leaderboard category (the overall board and the activity feed are shared, so nothing asserts their exact
 * contents). Screenshots and console logs go to {@code target/screenshots/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserIT {

    private static final Duration UI = Duration.ofSeconds(30);
    /** A toast may wait behind others (three at a time, 6.5 s each). */
    private static final Duration TOAST = Duration.ofSeconds(60);
    /** After a restart the client may be in a backoff of up to 30 s (its cap), plus the node's start. */
    private static final Duration RECONNECT = Duration.ofSeconds(90);

    @RegisterExtension
    final Browsers browsers = new Browsers();

    private Stack stack;
    private long testStart;

    @BeforeAll
    void startStack() {
        stack = Stack.start("e2e-dashboard");
    }

    @AfterAll
    void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @BeforeEach
    void startClock(TestInfo test) {
        testStart = System.nanoTime();
        System.out.println("== " + test.getDisplayName());
    }

    /** Where the time goes, in the test output (the machine is shared; this shows what was slow). */
    private void step(String what) {
        System.out.printf("  +%6d ms  %s%n", (System.nanoTime() - testStart) / 1_000_000, what);
    }

    @Test
    @Order(1)
    void aProducedSessionMovesARowInTheVisibleLeaderboard() {
        Instant t = Instant.now().minusSeconds(600);
        Events.Builder ada = Events.user(1001, "ada").app(App.TYPING).at(t);
        Events.Builder grace = Events.user(1002, "grace").app(App.TYPING).at(t.plusSeconds(1));
        Events.Builder linus = Events.user(1003, "linus").app(App.TYPING).at(t.plusSeconds(2));
        stack.produce(ada.started("s-1001-1"), ada.completed("s-1001-1", 72, 10),
                grace.started("s-1002-1"), grace.completed("s-1002-1", 64, 10),
                linus.started("s-1003-1"), linus.completed("s-1003-1", 55, 10));

        Browser browser = browsers.open("board", Browser.LAPTOP);
        step("browser started");
        browser.get(stack.dashboardUrl());
        awaitLive(browser);
        step("page live");
        browser.driver().findElement(By.id("tab-typing_wpm")).click();
        awaitBoard(browser, "typing_wpm", List.of(1001L, 1002L, 1003L));
        step("board shows ada, grace, linus");
        assertThat(rows(browser, "typing_wpm")).extracting(Row::rank, Row::name)
                .containsExactly(tuple("#1", "ada"), tuple("#2", "grace"), tuple("#3", "linus"));
        // Marks linus's row element: a flicker-free render moves this very element rather than rebuilding the list.
        browser.js("document.querySelector('#panel-typing_wpm .lb-row[data-user=\"1003\"]').dataset.e2eMark = 'linus'");
        browser.settle();
        browser.screenshot("1-leaderboard-before.png");

        // linus finishes a faster session: 80 wpm beats ada's 72 and grace's 64.
        Events.Builder linusAgain = linus.at(Instant.now().minusSeconds(60));
        stack.produce(linusAgain.started("s-1003-2"), linusAgain.completed("s-1003-2", 80, 10));

        awaitBoard(browser, "typing_wpm", List.of(1003L, 1001L, 1002L));
        step("linus moved to the top");
        List<Row> after = rows(browser, "typing_wpm");
        assertThat(after).extracting(Row::rank, Row::name, Row::value)
                .containsExactly(tuple("#1", "linus", "80 wpm"), tuple("#2", "ada", "72 wpm"),
                        tuple("#3", "grace", "64 wpm"));
        assertThat(after.get(0).mark()).as("the same row element moved up").isEqualTo("linus");
        assertThat(after.get(0).change()).as("rank change arrow of the mover").isEqualTo("▲2");
        assertThat(after.get(1).change()).isEqualTo("▼1");
        assertThat(after.get(2).change()).isEqualTo("▼1");
        WebElement top = browser.driver().findElement(By.cssSelector("#panel-typing_wpm .lb-row[data-user=\"1003\"]"));
        assertThat(top.isDisplayed()).as("the row is on screen").isTrue();
        assertThat(browser.driver().findElement(By.id("panel-typing_wpm")).isDisplayed()).isTrue();
        browser.settle();
        browser.screenshot("1-leaderboard-row-moved.png");
        assertCleanConsole(browser);
    }

    @Test
    @Order(2)
    void anUnlockedAchievementShowsAToast() {
        Browser browser = browsers.open("toast", Browser.LAPTOP);
        browser.get(stack.dashboardUrl());
        awaitLive(browser);
        // Signs in with the development user picker, as a developer would.
        browser.driver().findElement(By.id("account-btn")).click();
        browser.driver().findElement(By.cssSelector("#signin input[name=user_id]")).sendKeys("2001");
        browser.driver().findElement(By.cssSelector("#signin input[name=username]")).sendKeys("hopper");
        browser.driver().findElement(By.cssSelector("#signin button[type=submit]")).click();
        awaitSignedIn(browser, 2001);
        step("signed in with the user picker");
        assertThat(browser.driver().findElement(By.cssSelector("#account-btn .account-name")).getText())
                .isEqualTo("hopper · #2001");
        recordToasts(browser);

        // 100% accuracy unlocks "Flawless" (perfect-accuracy); 120 points unlock "Getting Started" (100-points).
        Events.Builder hopper = Events.user(2001, "hopper").app(App.MATH).at(Instant.now().minusSeconds(30));
        stack.produce(hopper.started("s-2001-1"), hopper.completed("s-2001-1", 100, 120));

        awaitToast(browser, "Flawless");
        step("toast Flawless shown");
        browser.settle();
        browser.screenshot("2-achievement-toast.png");
        WebElement toast = browser.driver().findElements(By.cssSelector("#toasts .toast")).stream()
                .filter(el -> el.getText().contains("Flawless")).findFirst().orElseThrow();
        assertThat(toast.isDisplayed()).isTrue();
        assertThat(toast.findElement(By.className("toast-kicker")).getText()).isEqualToIgnoringCase("Achievement unlocked");
        assertThat(toast.findElement(By.className("toast-body")).getText()).contains("Completed a session with 100% accuracy");
        assertThat(browser.driver().findElement(By.cssSelector("#toasts .toast-list")).getAttribute("aria-live"))
                .isEqualTo("polite");
        awaitToast(browser, "Getting Started");
        step("toast Getting Started shown");
        // Also listed under "My achievements", each once.
        browser.awaitJs("Flawless and Getting Started in my achievements", UI, """
                const texts = [...document.querySelectorAll('#mine-feed .feed-item .feed-text')].map((e) => e.textContent);
                return texts.filter((t) => t === 'Flawless').length === 1 && texts.filter((t) => t === 'Getting Started').length === 1;
                """);
        assertThat(toastsSeen(browser).stream().filter("Flawless"::equals)).hasSize(1);
        assertCleanConsole(browser);
    }

    @Test
    @Order(3)
    void aKilledAndRestartedFanoutReconnectsAndShowsEverythingProducedMeanwhileOnce() {
        long me = 3001;
        Browser browser = browsers.open("restart", Browser.LAPTOP);
        browser.get(stack.dashboardUrl(me, "turing"));
        awaitLive(browser);
        awaitSignedIn(browser, me);
        browser.driver().findElement(By.id("tab-piano_score")).click();
        // A first session shows that the live path works and gives the page positions to resume from.
        Instant t = Instant.now().minusSeconds(300);
        Events.Builder warmup = Events.user(3002, "warmup").app(App.PIANO).at(t);
        stack.produce(warmup.started("s-3002-1"), warmup.completed("s-3002-1", 300, 10));
        awaitFeedItem(browser, "warmup");
        awaitBoard(browser, "piano_score", List.of(3002L));
        step("warm-up session live in the feed and on the board");
        recordToasts(browser);
        browser.js("""
                window.__e2eStates = [];
                window.__e2eDuplicates = 0;
                window.liveboard.client.on('state', (e) => window.__e2eStates.push(e.state));
                window.liveboard.client.on('duplicate', () => window.__e2eDuplicates++);
                """);

        stack.fanout.kill();
        browser.awaitValue("the page notices the node is gone", UI,
                () -> browser.<String>js("return document.getElementById('conn').dataset.state"),
                state -> !"open".equals(state));
        step("fan-out killed; the page shows it");
        browser.screenshot("3-fanout-down.png");

        // While the node is down: six learners finish piano sessions (distinct scores), and turing plays a
        // flawless one (an achievement for the signed-in user).
        List<String> names = List.of("ayla", "bruno", "chidi", "dmitri", "esme", "farid");
        List<LearningEvent> events = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            Events.Builder u = Events.user(3101 + i, names.get(i)).app(App.PIANO).at(t.plusSeconds(10 + i));
            events.add(u.started("s-" + (3101 + i)));
            events.add(u.completed("s-" + (3101 + i), 400 + 50 * i, 10));
        }
        Events.Builder turing = Events.user(me, "turing").app(App.PIANO).at(t.plusSeconds(30));
        events.add(turing.started("s-3001-1"));
        events.add(turing.ended(SessionEnded.newBuilder().setSessionId("s-3001-1").setScore(250.0)
                .setAccuracy(100.0).setDurationMs(120_000).setCompleted(true).setPoints(10).build()));
        stack.produce(events);
        // The processors have turned them into feed items before the node comes back: the page can only get them
        // from the history the node replays, not live.
        browser.awaitValue("the processors wrote the feed items", UI, () -> stack.activity().stream()
                .filter(a -> a.getKind().equals("session.completed")).map(ActivityItem::getUsername)
                .collect(Collectors.toSet()), seen -> seen.containsAll(names));
        step("processors wrote the feed items while the node was down");
        assertThat(stack.fanout.alive()).isFalse();
        assertThat(browser.<String>js("return document.getElementById('conn').dataset.state")).isNotEqualTo("open");

        stack.fanout.start();
        step("fan-out restarted on port " + stack.fanout.port);
        // No click on "Retry now": the page reconnects on its own.
        awaitLive(browser, RECONNECT);
        step("page live again");
        for (String name : names) {
            awaitFeedItem(browser, name);
        }
        // The piano board, best first: farid 650, esme 600, dmitri 550, bruno 500... warmup 300, turing 250.
        awaitBoard(browser, "piano_score", List.of(3106L, 3105L, 3104L, 3103L, 3102L, 3101L, 3002L, me));
        step("every missed session in the feed and on the board");
        awaitToast(browser, "Flawless");
        step("the missed achievement's toast shown");
        browser.awaitJs("Flawless in my achievements", UI, """
                return [...document.querySelectorAll('#mine-feed .feed-item .feed-text')].some((e) => e.textContent === 'Flawless');
                """);

        // Something produced after the restart arrives live behind everything replayed: once it is shown, any
        // duplicate of the replay would be shown too.
        Events.Builder sentinel = Events.user(3199, "sentinel").app(App.PIANO).at(Instant.now().minusSeconds(5));
        stack.produce(sentinel.started("s-3199-1"), sentinel.completed("s-3199-1", 100, 10));
        awaitFeedItem(browser, "sentinel");
        step("a session after the restart arrived live behind the replay");

        for (String name : names) {
            assertThat(completedItems(browser, name)).as("%s's session in the feed", name).isEqualTo(1);
        }
        assertThat(browser.<Number>js("return document.querySelectorAll('#feedpanel-0 .feed-item').length").intValue())
                .as("one list item per feed item").isEqualTo(browser.<Number>js(
                        "return window.liveboard.feeds[0].stream.model.items.length").intValue());
        for (long user = 3101; user <= 3106; user++) {
            assertThat(browser.<Number>js("return document.querySelectorAll('#panel-piano_score .lb-row[data-user=\""
                    + user + "\"]').length").intValue()).as("row of user %d", user).isEqualTo(1);
        }
        assertThat(rows(browser, "piano_score")).extracting(Row::rank).startsWith("#1", "#2", "#3", "#4", "#5", "#6");
        assertThat(toastsSeen(browser).stream().filter("Flawless"::equals)).as("the toast shows once").hasSize(1);
        assertThat(browser.<Number>js("return [...document.querySelectorAll('#mine-feed .feed-item .feed-text')]"
                + ".filter((e) => e.textContent === 'Flawless').length").intValue()).isEqualTo(1);
        List<String> states = browser.js("return window.__e2eStates");
        assertThat(states).contains("reconnecting").last().isEqualTo("open");
        browser.settle();
        browser.screenshot("3-after-restart.png");
        assertThat(browser.pageErrors()).as("uncaught errors").isEmpty();
        assertThat(browser.consoleLog()).as("console errors other than the refused connections while down")
                .noneMatch(line -> line.contains(" SEVERE ") && !line.contains("WebSocket connection to")
                        && !line.contains("ERR_CONNECTION_REFUSED"));
    }

    @Test
    @Order(4)
    void looksRightOnALaptopAndOnAPhone() {
        Instant t = Instant.now().minusSeconds(200);
        List<LearningEvent> events = new ArrayList<>();
        String[] names = {"mae", "niko", "olga", "pablo", "quinn"};
        for (int i = 0; i < names.length; i++) {
            Events.Builder u = Events.user(4001 + i, names[i]).app(App.READING).at(t.plusSeconds(i));
            events.add(u.started("s-" + (4001 + i)));
            events.add(u.completed("s-" + (4001 + i), 70 + 5 * i, 15));
        }
        stack.produce(events);
        int session = 0;
        for (Browser.Screen screen : List.of(Browser.LAPTOP, Browser.PHONE)) {
            Browser browser = browsers.open(screen.name(), screen);
            browser.get(stack.dashboardUrl(2001, "hopper"));
            awaitLive(browser);
            awaitSignedIn(browser, 2001);
            browser.driver().findElement(By.id("tab-reading_comprehension")).click();
            // hopper (below) tops the board from the second screen on, with 92 then 93.
            List<Long> board = new ArrayList<>(List.of(4005L, 4004L, 4003L, 4002L, 4001L));
            if (session > 0) {
                board.add(0, 2001L);
            }
            awaitBoard(browser, "reading_comprehension", board);
            // hopper reads too, while looking: personal channels carry no history, only what happens from now on.
            Events.Builder hopper = Events.user(2001, "hopper").app(App.READING).at(Instant.now().minusSeconds(20));
            session++;
            stack.produce(hopper.started("s-2001-r" + session), hopper.completed("s-2001-r" + session, 91 + session, 20));
            browser.awaitJs("the feed and my achievements filled", UI,
                    "return document.querySelectorAll('#feedpanel-0 .feed-item').length > 5"
                            + " && document.querySelectorAll('#mine-feed .feed-item').length > 0");
            browser.settle();
            assertThat(browser.<Number>js("return window.innerWidth").intValue()).isEqualTo(screen.width());
            assertThat(browser.<Boolean>js("return document.documentElement.scrollWidth <= window.innerWidth"))
                    .as("no sideways scrolling on a %s", screen.name()).isTrue();
            List<Number> lefts = browser.js("return [...document.querySelectorAll('main.grid > .card')]"
                    + ".map((c) => Math.round(c.getBoundingClientRect().left))");
            Set<Integer> columns = lefts.stream().map(Number::intValue).collect(Collectors.toSet());
            if (screen.mobile()) {
                assertThat(columns).as("one column on a phone").hasSize(1);
            } else {
                assertThat(columns).as("several columns on a laptop").hasSizeGreaterThan(1);
            }
            step(screen.name() + " checked");
            browser.screenshot("dashboard-" + screen.name() + ".png");
            browser.fullPageScreenshot("dashboard-" + screen.name() + "-full.png");
            assertCleanConsole(browser);
        }
    }

    // ------------------------------------------------------------------ helpers

    record Row(long user, String rank, String name, String value, String change, String mark) {
    }

    /** Nothing failed to load and nothing was logged as an error (the restart test expects refused connections). */
    private static void assertCleanConsole(Browser browser) {
        assertThat(browser.pageErrors()).as("uncaught errors").isEmpty();
        assertThat(browser.consoleLog()).as("console errors").noneMatch(line -> line.contains(" SEVERE "));
    }

    private static org.assertj.core.groups.Tuple tuple(Object... values) {
        return org.assertj.core.groups.Tuple.tuple(values);
    }

    private static void awaitLive(Browser browser) {
        awaitLive(browser, UI);
    }

    private static void awaitLive(Browser browser, Duration timeout) {
        browser.awaitJs("connection indicator says live", timeout,
                "return document.getElementById('conn').dataset.state === 'open'"
                        + " && document.querySelector('#conn .conn-label').textContent === 'Live'");
    }

    /** Signed in and this user's own channels subscribed (events after this reach the page). */
    private static void awaitSignedIn(Browser browser, long userId) {
        browser.awaitJs("signed in as " + userId, UI, """
                const c = window.liveboard.client;
                return c.state === 'open' && c.welcome && c.welcome.user_id === arguments[0]
                    && c.position('user:' + arguments[0] + ':achievements') !== null
                    && c.position('activity:feed') !== null;
                """, userId);
    }

    /** Waits until the board's visible rows are, from the top, exactly these users. */
    /**
     * Waits until the board's first rows are these users at ranks #1, #2, ... (ranks are exact and distinct). The
     * order alone is not enough: one move is several rank updates, each its own message, and a frame may render
     * between them (linus #1, ada #2, grace still #2).
     */
    private static void awaitBoard(Browser browser, String category, List<Long> users) {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < users.size(); i++) {
            expected.add(users.get(i) + " #" + (i + 1));
        }
        browser.awaitValue("board " + category + " shows " + expected, UI,
                () -> rows(browser, category).stream().map(r -> r.user() + " " + r.rank()).toList(),
                shown -> shown.size() >= expected.size() && shown.subList(0, expected.size()).equals(expected));
    }

    private static List<Row> rows(Browser browser, String category) {
        List<Map<String, Object>> raw = browser.js("""
                return [...document.querySelectorAll('#panel-' + arguments[0] + ' .lb-row')].map((r) => ({
                  user: Number(r.dataset.user),
                  rank: r.querySelector('.lb-rank').textContent,
                  name: r.querySelector('.lb-name').textContent,
                  value: r.querySelector('.lb-value').textContent,
                  change: r.querySelector('.lb-change').textContent,
                  mark: r.dataset.e2eMark || null,
                }));
                """, category);
        return raw.stream().map(m -> new Row(((Number) m.get("user")).longValue(), (String) m.get("rank"),
                (String) m.get("name"), (String) m.get("value"), (String) m.get("change"), (String) m.get("mark")))
                .toList();
    }

    /** "NAME completed a ... session" items in the "Everything" feed. */
    private static int completedItems(Browser browser, String username) {
        return browser.<Number>js("""
                return [...document.querySelectorAll('#feedpanel-0 .feed-item--session-completed .feed-text')]
                    .filter((e) => e.textContent.startsWith(arguments[0] + ' completed ')).length;
                """, username).intValue();
    }

    private static void awaitFeedItem(Browser browser, String username) {
        browser.awaitValue(username + "'s session in the feed", UI, () -> completedItems(browser, username),
                n -> n > 0);
    }

    /** Records the title of every toast added to the page from now on (they leave after a few seconds). */
    private static void recordToasts(Browser browser) {
        browser.js("""
                window.__e2eToasts = [];
                new MutationObserver((records) => {
                  for (const r of records) for (const n of r.addedNodes) {
                    if (n.classList?.contains('toast')) window.__e2eToasts.push(n.querySelector('.toast-title').textContent);
                  }
                }).observe(document.getElementById('toasts'), { childList: true, subtree: true });
                """);
    }

    private static List<String> toastsSeen(Browser browser) {
        return browser.js("return window.__e2eToasts");
    }

    private static void awaitToast(Browser browser, String title) {
        browser.awaitValue("a toast titled " + title, TOAST, () -> toastsSeen(browser), seen -> seen.contains(title));
    }
}
