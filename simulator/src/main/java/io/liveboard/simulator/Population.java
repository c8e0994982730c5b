package io.liveboard.simulator;

import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import io.liveboard.catalog.App;

/**
 * The simulated learners, built deterministically from the seed: the same seed and size give the same
 * people (names, zones, skills, habits), so a restarted simulator continues the same story.
 */
final class Population {

    /** IANA zones and how many learners live there (weights); a few half- and quarter-hour offsets on purpose. */
    private static final String[] ZONES = {
            "America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles", "America/Sao_Paulo",
            "America/Mexico_City", "America/Toronto", "America/St_Johns", "Europe/London", "Europe/Paris",
            "Europe/Berlin", "Europe/Madrid", "Europe/Warsaw", "Europe/Moscow", "Africa/Lagos", "Africa/Nairobi",
            "Africa/Johannesburg", "Asia/Tehran", "Asia/Kolkata", "Asia/Kathmandu", "Asia/Shanghai", "Asia/Tokyo",
            "Asia/Seoul", "Asia/Singapore", "Asia/Jakarta", "Australia/Sydney", "Australia/Adelaide",
            "Pacific/Auckland", "Pacific/Chatham", "Pacific/Honolulu", "Pacific/Kiritimati"};
    private static final int[] ZONE_WEIGHTS = {
            10, 5, 2, 7, 4, 3, 2, 1, 6, 6, 5, 3, 2, 2, 2, 1, 1, 1, 6, 1, 5, 4, 2, 2, 2, 3, 1, 1, 1, 1, 1};

    private static final String[] NAMES = {
            "ada", "grace", "alan", "linus", "margaret", "edsger", "barbara", "donald", "katherine", "dennis",
            "frances", "ken", "radia", "tim", "hedy", "john", "sophie", "guido", "anita", "bjarne", "annie",
            "niklaus", "shafi", "leslie", "joan", "vint", "mary", "claude", "karen", "james", "priya", "arjun",
            "wei", "mei", "yuki", "haruto", "jin", "soo-ah", "ngozi", "chidi", "amara", "kwame", "fatima", "omar",
            "leila", "dmitri", "olga", "sven", "ingrid", "mateo", "lucia", "camila", "diego", "aroha", "keanu",
            "zoë", "josé", "mårten", "łucja", "ömer", "rené", "chloé", "nuño", "siobhán"};
    private static final String[] SUFFIX_STYLES = {"", "_", ".", ""};

    private final User[] users;
    private final int topCount;

    private Population(User[] users, int topCount) {
        this.users = users;
        this.topCount = topCount;
    }

    /**
     * @param firstId the id of the first user; the others follow
     * @param historyDays how many past days practice is planned for (the history generator's D)
     */
    static Population create(long seed, int size, long firstId, int historyDays) {
        SplittableRandom rnd = new SplittableRandom(Ids.mix(seed, 0x9091L));
        int[] order = shuffled(size, rnd);
        int tops = size >= 3 ? Math.min(5, Math.max(3, size / 100)) : (size == 2 ? 2 : 0);
        int devoted = Math.min(size - tops, Math.max(size >= 10 ? 2 : (size > tops ? 1 : 0), Math.round(size * 0.03f)));
        User.Habit[] habits = new User.Habit[size];
        boolean[] top = new boolean[size];
        for (int i = 0; i < size; i++) {
            int u = order[i];
            if (i < tops) {
                top[u] = true;
                habits[u] = User.Habit.DEVOTED;
            } else if (i < tops + devoted) {
                habits[u] = User.Habit.DEVOTED;
            } else {
                double h = rnd.nextDouble();
                habits[u] = h < 0.32 ? User.Habit.REGULAR : (h < 0.78 ? User.Habit.CASUAL : User.Habit.NEW);
            }
        }
        int zoneTotal = 0;
        for (int w : ZONE_WEIGHTS) {
            zoneTotal += w;
        }
        Set<String> taken = new HashSet<>();
        User[] users = new User[size];
        App[] apps = App.values();
        for (int i = 0; i < size; i++) {
            SplittableRandom r = new SplittableRandom(Ids.mix(seed, 0x05E7L, i));
            String name = uniqueName(r, taken, i);
            String zone = ZONES[weighted(r.nextInt(zoneTotal))];
            double general = r.nextGaussian();
            double[] skill = new double[4];
            for (int a = 0; a < 4; a++) {
                skill[a] = top[i] ? 2.1 + 0.03 * r.nextGaussian() : Math.min(1.9, 0.6 * general + 0.8 * r.nextGaussian());
            }
            int minute = practiceMinute(r);
            BitSet days = plan(habits[i], top[i], historyDays, r);
            users[i] = new User(i, firstId + i, name, zone, habits[i], top[i], apps[r.nextInt(apps.length)], minute,
                    days, skill);
        }
        return new Population(users, tops);
    }

    private static BitSet plan(User.Habit habit, boolean top, int days, SplittableRandom r) {
        BitSet practised = new BitSet(days + 2);
        if (days == 0) {
            return practised;
        }
        switch (habit) {
            case DEVOTED -> {
                // Top performers never miss a day; other devoted learners have streaks over 100 days when the
                // history is long enough, then a gap, then mostly practice before it.
                int streak = top ? days : (days > 101 ? 101 + r.nextInt(days - 100) : Math.max(1, days - r.nextInt(Math.max(1, days / 3))));
                fill(practised, 1, streak, 1.0, r);
                fill(practised, streak + 2, days, 0.8, r);
            }
            case REGULAR -> {
                int streak = days >= 2 ? 2 + r.nextInt(Math.min(44, days - 1)) : 1;
                fill(practised, 1, streak, 1.0, r);
                fill(practised, streak + 2, days, 0.65, r);
            }
            case CASUAL -> fill(practised, 1, days, 0.35, r);
            case NEW -> {
            }
        }
        return practised;
    }

    private static void fill(BitSet days, int from, int to, double chance, SplittableRandom r) {
        for (int k = from; k <= to; k++) {
            if (chance >= 1 || r.nextDouble() < chance) {
                days.set(k);
            }
        }
    }

    /** Mornings, lunch breaks and evenings, in the user's own zone. */
    private static int practiceMinute(SplittableRandom r) {
        double slot = r.nextDouble();
        int hour = slot < 0.3 ? 7 + r.nextInt(2) : (slot < 0.45 ? 12 : 17 + r.nextInt(5));
        return hour * 60 + r.nextInt(60);
    }

    private static String uniqueName(SplittableRandom r, Set<String> taken, int index) {
        String base = NAMES[r.nextInt(NAMES.length)];
        String style = SUFFIX_STYLES[r.nextInt(SUFFIX_STYLES.length)];
        String name = switch (style) {
            case "_" -> base + "_" + (char) ('a' + r.nextInt(26));
            case "." -> base + "." + (char) ('a' + r.nextInt(26));
            default -> base;
        };
        for (int attempt = 0; !taken.add(name); attempt++) {
            // Names run out in large populations: the index makes the last attempt unique ('-' appears nowhere else).
            name = attempt < 3 ? base + (10 + r.nextInt(9990)) : base + "-" + index;
        }
        return name;
    }

    private static int weighted(int ticket) {
        for (int i = 0; i < ZONE_WEIGHTS.length; i++) {
            ticket -= ZONE_WEIGHTS[i];
            if (ticket < 0) {
                return i;
            }
        }
        return ZONE_WEIGHTS.length - 1;
    }

    private static int[] shuffled(int size, SplittableRandom rnd) {
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        for (int i = size - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    int size() {
        return users.length;
    }

    User user(int index) {
        return users[index];
    }

    List<User> users() {
        return List.of(users);
    }

    int topCount() {
        return topCount;
    }
}
