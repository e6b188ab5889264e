package io.sequoia.bench.lstm;

import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Deeplearning4j 1.0.0-M2.1 on nd4j-native (CPU): a {@code MultiLayerNetwork} of {@code L} stacked
 * {@code LSTM} layers (tanh, sigmoid gates), the last wrapped in {@code LastTimeStep}, then an
 * identity {@code OutputLayer(H -> 1)} with MSE, plain {@code Sgd}; a train step is one
 * {@code fit(DataSet)}, an infer step one {@code output(x)}. DL4J's recurrent layout is
 * {@code (N, I, T)} (NCW); the input is random, so the layout does not change the work.
 * Threads: {@code OMP_NUM_THREADS} in the environment (set by {@link LstmVersus}).
 */
public final class Dl4jLstm implements LstmSubject {
    private MultiLayerNetwork net;
    private DataSet batch;
    private INDArray x;

    @Override public String name() { return "DL4J"; }

    @Override public void setup(LstmShape s, int threads) {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder()
                .seed(42)
                .dataType(DataType.FLOAT)
                .updater(new Sgd(LR))
                .trainingWorkspaceMode(WorkspaceMode.ENABLED)
                .inferenceWorkspaceMode(WorkspaceMode.ENABLED)
                .list();
        for (int layer = 0; layer < s.l(); layer++) {
            LSTM lstm = new LSTM.Builder()
                    .nIn(layer == 0 ? s.i() : s.h()).nOut(s.h())
                    .activation(Activation.TANH).gateActivationFunction(Activation.SIGMOID)
                    .dataFormat(RNNFormat.NCW)
                    .build();
            b.layer(layer == s.l() - 1 ? new LastTimeStep(lstm) : lstm);
        }
        b.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE)
                .nIn(s.h()).nOut(1).activation(Activation.IDENTITY).build());
        MultiLayerConfiguration conf = b.backpropType(BackpropType.Standard).build();
        net = new MultiLayerNetwork(conf);
        net.init();
        x = Nd4j.randn(DataType.FLOAT, s.b(), s.i(), s.t());                // (N, I, T)
        INDArray target = Nd4j.randn(DataType.FLOAT, s.b(), 1);              // (N, 1)
        batch = new DataSet(x, target);
    }

    @Override public int reportedThreads() { return Nd4j.getEnvironment().maxThreads(); }

    @Override public double trainStep() {
        net.fit(batch);
        return net.score();
    }

    @Override public double inferStep() {
        return net.output(x, false).getDouble(0);
    }
}
