package io.sequoia.train.keras;

import io.sequoia.io.ModelFolder;
import io.sequoia.train.Model;

/** The architecture tree of a model as text, to compare a model with its reloaded copy. */
final class ModelFolderText {
    private ModelFolderText() {}

    static String architecture(Model m) { return new com.google.gson.Gson().toJson(ModelFolder.architecture(m.module())); }
}
