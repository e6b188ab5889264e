package io.sequoia.nn.recurrent;

/** The recurrent cell of a layer and its number of gate blocks G (rows of W_ih are G·hiddenSize). */
public enum CellType {
    RNN_TANH(1), RNN_RELU(1), LSTM(4), GRU(3);

    final int gates;

    CellType(int gates) { this.gates = gates; }

    public int gates() { return gates; }
}
