package io.sequoia.cli.translation;

import io.sequoia.data.decoding.LengthPenalty;
import io.sequoia.translation.Translator;

import java.util.Map;

/** The decoding defaults stored in a translator's config.json ({@code "decoding": {"beam", "length_penalty"}}). */
final class Decoding {
    private Decoding() {}

    static int beam(Translator t) {
        Object d = t.extraConfig().get("decoding");
        if (d instanceof Map<?, ?> m && m.get("beam") instanceof Number n) return n.intValue();
        return Translator.DEFAULT_BEAM;
    }

    static LengthPenalty penalty(Translator t) {
        Object d = t.extraConfig().get("decoding");
        if (d instanceof Map<?, ?> m && m.get("length_penalty") instanceof String s) return LengthPenalty.parse(s);
        return Translator.DEFAULT_LENGTH_PENALTY;
    }
}
