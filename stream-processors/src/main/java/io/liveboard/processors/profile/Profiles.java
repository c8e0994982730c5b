package io.liveboard.processors.profile;

import org.apache.kafka.streams.state.KeyValueStore;

/** Access to the {@value #STORE} store. */
public final class Profiles {

    public static final String STORE = "user-profiles";

    private final KeyValueStore<String, UserProfile> store;

    public Profiles(KeyValueStore<String, UserProfile> store) {
        this.store = store;
    }

    public UserProfile load(long userId) {
        UserProfile profile = store.get(Long.toString(userId));
        return profile != null ? profile : new UserProfile();
    }

    public void save(long userId, UserProfile profile) {
        store.put(Long.toString(userId), profile);
    }
}
