package io.liveboard.fanout.protocol;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClientMessageTest {

    static ClientMessage parse(String json) {
        return ClientMessage.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    static ErrorCode codeOf(String json) {
        try {
            parse(json);
            throw new AssertionError("accepted " + json);
        } catch (ProtocolException e) {
            return e.code();
        }
    }

    @Test
    void parsesTheThreeMessages() {
        assertThat(parse("{\"type\":\"subscribe\",\"channel\":\"leaderboard:overall\",\"since\":\"0-5\"}"))
                .isEqualTo(new ClientMessage(ClientMessage.Type.SUBSCRIBE, "leaderboard:overall", "0-5"));
        assertThat(parse("{\"channel\":\"activity:feed\",\"type\":\"unsubscribe\",\"extra\":{\"a\":[1,2]}}"))
                .isEqualTo(new ClientMessage(ClientMessage.Type.UNSUBSCRIBE, "activity:feed", null));
        assertThat(parse(" {\"type\":\"ping\"} ").type()).isEqualTo(ClientMessage.Type.PING);
        assertThat(parse("{\"type\":\"subscribe\",\"channel\":\"x\",\"since\":null}").since()).isNull();
    }

    @Test
    void classifiesBadInput() {
        assertThat(codeOf("not json")).isEqualTo(ErrorCode.BAD_JSON);
        assertThat(codeOf("[1,2]")).isEqualTo(ErrorCode.BAD_JSON);
        assertThat(codeOf("{\"type\":\"ping\"} {}")).isEqualTo(ErrorCode.BAD_JSON);
        assertThat(codeOf("{\"type\":\"ping\"")).isEqualTo(ErrorCode.BAD_JSON);
        assertThat(codeOf("")).isEqualTo(ErrorCode.BAD_JSON);
        assertThat(codeOf("{}")).isEqualTo(ErrorCode.BAD_MESSAGE);
        assertThat(codeOf("{\"type\":5}")).isEqualTo(ErrorCode.BAD_MESSAGE);
        assertThat(codeOf("{\"type\":\"subscribe\"}")).isEqualTo(ErrorCode.BAD_MESSAGE);
        assertThat(codeOf("{\"type\":\"subscribe\",\"channel\":7}")).isEqualTo(ErrorCode.BAD_MESSAGE);
        assertThat(codeOf("{\"type\":\"publish\",\"channel\":\"x\"}")).isEqualTo(ErrorCode.UNKNOWN_TYPE);
    }

    @Test
    void skipsUnknownFieldsHoweverNested() {
        String deep = "{\"type\":\"ping\",\"x\":" + "[".repeat(200) + "]".repeat(200) + "}";
        assertThat(parse(deep).type()).isEqualTo(ClientMessage.Type.PING);
    }

    @Test
    void invalidUtf8IsBadJson() {
        byte[] bytes = {'{', '"', 't', 'y', 'p', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        assertThatThrownBy(() -> ClientMessage.parse(bytes)).isInstanceOf(ProtocolException.class)
                .extracting(e -> ((ProtocolException) e).code()).isEqualTo(ErrorCode.BAD_JSON);
    }
}
