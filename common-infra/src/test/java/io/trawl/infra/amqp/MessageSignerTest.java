package io.trawl.infra.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;

class MessageSignerTest {

    private static final String OLD = "k1:first-secret-of-sixteen";
    private static final String NEW = "k2:second-secret-of-sixteen";

    @Test
    void aSignedMessageVerifiesAndAnyChangeToItsBodyOrTypeDoesNot() {
        MessageSigner signer = new MessageSigner(OLD);
        Message message = signer.sign(message("{\"a\":1}", "io.trawl.task.collect.v1"));

        assertThat(signer.verify(message)).isEqualTo(MessageSigner.Verdict.VALID);
        Message otherBody = message("{\"a\":2}", "io.trawl.task.collect.v1");
        otherBody
                .getMessageProperties()
                .setHeader(MessageSigner.HEADER, message.getMessageProperties().getHeader(MessageSigner.HEADER));
        assertThat(signer.verify(otherBody)).isEqualTo(MessageSigner.Verdict.BAD_SIGNATURE);
        Message otherType = message("{\"a\":1}", "io.trawl.control.v1");
        otherType
                .getMessageProperties()
                .setHeader(MessageSigner.HEADER, message.getMessageProperties().getHeader(MessageSigner.HEADER));
        assertThat(signer.verify(otherType)).isEqualTo(MessageSigner.Verdict.BAD_SIGNATURE);
        assertThat(signer.verify(message("{\"a\":1}", null))).isEqualTo(MessageSigner.Verdict.UNSIGNED);
    }

    @Test
    void rotationAcceptsBothKeysWhileTheNewOneSigns() {
        Message fromOld = new MessageSigner(OLD).sign(message("x", "t"));
        MessageSigner rotating = new MessageSigner(NEW + "," + OLD);
        Message fromNew = rotating.sign(message("x", "t"));

        assertThat((String) fromNew.getMessageProperties().getHeader(MessageSigner.HEADER))
                .startsWith("k2:");
        assertThat(rotating.verify(fromOld)).isEqualTo(MessageSigner.Verdict.VALID);
        assertThat(new MessageSigner(OLD).verify(fromNew)).isEqualTo(MessageSigner.Verdict.UNKNOWN_KEY);
    }

    @Test
    void badKeySettingsAreRefusedNamingTheProblem() {
        assertThatThrownBy(() -> new MessageSigner("")).hasMessageContaining("at least one id:secret");
        assertThatThrownBy(() -> new MessageSigner("k1:short")).hasMessageContaining("shorter than 16");
        assertThatThrownBy(() -> new MessageSigner("no-colon-here-at-all")).hasMessageContaining("id:secret");
        assertThatThrownBy(() -> new MessageSigner(OLD + "," + OLD)).hasMessageContaining("given twice");
        assertThat(new MessageSigner(MessageSigner.DEVELOPMENT_KEYS).development())
                .isTrue();
        assertThat(new MessageSigner(OLD).development()).isFalse();
    }

    private static Message message(String body, String type) {
        return MessageBuilder.withBody(body.getBytes(StandardCharsets.UTF_8))
                .setType(type)
                .build();
    }
}
