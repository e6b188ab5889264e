package io.sequoia.nn.recurrent;

import io.sequoia.tensor.Generator;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The named-options builder makes the same layer as the PyTorch-order constructor. */
class RecurrentOptionsTest {
    @Test
    void optionsEqualThePositionalConstructor() {
        Generator.manualSeed(1);
        LSTM a = LSTM.options(3, 5).numLayers(2).bidirectional().batchFirst().projSize(2).dropout(0.1).build();
        LSTM b = new LSTM(3, 5, 2, true, true, 0.1, true, 2);
        assertEquals(b.config(), a.config());
        assertEquals(b.namedParameters().keySet(), a.namedParameters().keySet());
        GRU g = GRU.options(3, 4).bias(false).build();
        assertEquals(new GRU(3, 4, 1, false, false, 0, false).config(), g.config());
        RNN r = RNN.options(3, 4).nonlinearity("relu").build();
        assertEquals("relu", r.config().get("nonlinearity"));
        assertEquals(new LSTM(3, 5).config(), LSTM.options(3, 5).build().config(), "unset options keep PyTorch's defaults");
    }

    @Test
    void optionsOfAnotherLayerAreRefusedAndValuesChecked() {
        var e = assertThrows(IllegalArgumentException.class, () -> GRU.options(3, 4).projSize(2));
        assertTrue(e.getMessage().startsWith("GRU.options: projSize is an LSTM option"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LSTM.options(3, 4).numLayers(0).build());
    }

    @Test
    void transformerLayerOptionsEqualThePositionalConstructor() {
        var a = io.sequoia.nn.attention.TransformerEncoderLayer.options(16, 4).dimFeedforward(32).dropout(0.2).activation("gelu")
                .layerNormEps(1e-6).batchFirst().normFirst().build();
        var b = new io.sequoia.nn.attention.TransformerEncoderLayer(16, 4, 32, 0.2, "gelu", 1e-6, true, true);
        assertEquals(b.config(), a.config());
        var d = io.sequoia.nn.attention.TransformerDecoderLayer.options(16, 4).build();
        assertEquals(new io.sequoia.nn.attention.TransformerDecoderLayer(16, 4).config(), d.config(), "unset options keep PyTorch's defaults");
    }
}
