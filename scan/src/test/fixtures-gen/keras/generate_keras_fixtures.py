#!/usr/bin/python3
"""Generate the Keras fixtures (.keras archives, legacy .h5 files, model JSON).

Run with Debian's interpreter (python3-h5py, python3-numpy):

    /usr/bin/python3 scan/src/test/fixtures-gen/keras/generate_keras_fixtures.py

Writes scan/src/test/resources/fixtures-keras/{benign,malicious,broken}/... and MANIFEST.tsv.
Keras itself is not needed: configs are written in the shapes Keras 2 (model.to_json(), h5 attributes
model_config/training_config) and Keras 3 (config.json of get_config() serialisation) produce. The
"malicious" lambdas are marshalled `lambda x: x` (harmless if ever run); the dangerous references name
os.system but nothing is loaded or called here. Deterministic: fixed zip timestamps, no h5 timestamps.
"""

import base64
import io
import json
import marshal
import shutil
import zipfile
from pathlib import Path

import h5py
import numpy as np

HERE = Path(__file__).resolve().parent
OUT = HERE.parent.parent / "resources" / "fixtures-keras"
MANIFEST = []
ZIP_DT = (1980, 1, 1, 0, 0, 0)
LAMBDA_CODE = base64.b64encode(marshal.dumps(compile("lambda x: x", "<fixture>", "eval").co_consts[0])).decode()


def add(path, expected, rules, description):
    MANIFEST.append((path, expected, ",".join(rules) if rules else "-", description))


# ---------------------------------------------------------------- Keras 3 serialisation shapes
def k3(module, cls, config, registered=None, build=None):
    o = {"module": module, "class_name": cls, "config": config, "registered_name": registered}
    if build is not None:
        o["build_config"] = build
    return o


def dtype():
    return k3("keras", "DTypePolicy", {"name": "float32"})


def init(cls, **cfg):
    return k3("keras.initializers", cls, dict({"seed": None}, **cfg))


def layer(cls, name, build=None, **cfg):
    base = {"name": name, "trainable": True, "dtype": dtype()}
    base.update(cfg)
    return k3("keras.layers", cls, base, build=build)


def dense(name, units, inp, activation="relu"):
    return layer("Dense", name, {"input_shape": inp}, units=units, activation=activation, use_bias=True,
                 kernel_initializer=init("GlorotUniform"), bias_initializer=k3("keras.initializers", "Zeros", {}),
                 kernel_regularizer=None, bias_regularizer=None, kernel_constraint=None, bias_constraint=None)


def input_layer(name, shape):
    return k3("keras.layers", "InputLayer", {"batch_shape": [None] + shape, "dtype": "float32", "sparse": False,
                                              "name": name})


def sequential(name, layers, inp):
    return k3("keras", "Sequential", {"name": name, "trainable": True, "dtype": dtype(), "layers": layers},
              build={"input_shape": inp})


def compile_config(loss=None, metrics=None):
    return {
        "optimizer": k3("keras.optimizers", "Adam", {"name": "adam", "learning_rate": 0.001, "weight_decay": None,
                                                     "clipnorm": None, "global_clipnorm": None, "clipvalue": None,
                                                     "use_ema": False, "ema_momentum": 0.99,
                                                     "ema_overwrite_frequency": None, "loss_scale_factor": None,
                                                     "gradient_accumulation_steps": None, "beta_1": 0.9,
                                                     "beta_2": 0.999, "epsilon": 1e-07, "amsgrad": False}),
        "loss": loss if loss is not None else k3("keras.losses", "MeanSquaredError",
                                                 {"name": "mean_squared_error", "reduction": "sum_over_batch_size"}),
        "loss_weights": None,
        "metrics": metrics if metrics is not None else ["mae", k3("keras.metrics", "MeanSquaredError",
                                                                  {"name": "mse", "dtype": "float32"})],
        "weighted_metrics": None, "run_eagerly": False, "steps_per_execution": 1, "jit_compile": False,
    }


def weights_h5(layers):
    buf = io.BytesIO()
    with h5py.File(buf, "w") as f:
        lg = f.create_group("layers")
        for i, name in enumerate(layers):
            g = lg.create_group(name).create_group("vars")
            g.create_dataset("0", data=np.full((2, 2), i, dtype="float32"), track_times=False)
            g.create_dataset("1", data=np.zeros((2,), dtype="float32"), track_times=False)
        f.create_group("optimizer").create_group("vars").create_dataset(
            "0", data=np.zeros((), dtype="int64"), track_times=False)
    return buf.getvalue()


def write_keras(rel, config, layers=("dense",), config_bytes=None):
    p = OUT / rel
    p.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as z:
        def put(name, data):
            z.writestr(zipfile.ZipInfo(name, ZIP_DT), data, compress_type=zipfile.ZIP_DEFLATED)
        put("metadata.json", json.dumps({"keras_version": "3.8.0", "date_saved": "2025-01-01@00:00:00"}))
        put("config.json", config_bytes if config_bytes is not None else json.dumps(config))
        put("model.weights.h5", weights_h5(layers))


# ---------------------------------------------------------------- Keras 2 shapes (to_json / h5 attributes)
def k2_dense(name, units, activation="relu", inp=None):
    cfg = {"name": name, "trainable": True, "dtype": "float32", "units": units, "activation": activation,
           "use_bias": True,
           "kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": None}},
           "bias_initializer": {"class_name": "Zeros", "config": {}},
           "kernel_regularizer": None, "bias_regularizer": None, "activity_regularizer": None,
           "kernel_constraint": None, "bias_constraint": None}
    if inp:
        cfg["batch_input_shape"] = [None] + inp
    return {"class_name": "Dense", "config": cfg}


def k2_model(layers):
    return {"class_name": "Sequential", "config": {"name": "sequential", "layers": [
        {"class_name": "InputLayer", "config": {"batch_input_shape": [None, 4], "dtype": "float32",
                                                "sparse": False, "ragged": False, "name": "input_1"}}] + layers},
            "keras_version": "2.11.0", "backend": "tensorflow"}


K2_TRAINING = {"loss": "mse", "metrics": ["mae"], "weighted_metrics": None, "loss_weights": None,
               "optimizer_config": {"class_name": "Adam", "config": {
                   "name": "Adam", "learning_rate": 0.001, "decay": 0.0, "beta_1": 0.9, "beta_2": 0.999,
                   "epsilon": 1e-07, "amsgrad": False}}}


def write_h5(rel, model_config, training=K2_TRAINING, userblock=0, raw_config=None):
    p = OUT / rel
    p.parent.mkdir(parents=True, exist_ok=True)
    kw = {"userblock_size": userblock} if userblock else {}
    with h5py.File(p, "w", **kw) as f:
        # Keras 2's hdf5_format.save_model_to_hdf5 stores json.dumps(...).encode('utf8')
        f.attrs["backend"] = b"tensorflow"
        f.attrs["keras_version"] = b"2.11.0"
        f.attrs["model_config"] = raw_config if raw_config is not None else json.dumps(model_config).encode()
        if training is not None:
            f.attrs["training_config"] = json.dumps(training).encode()
        mw = f.create_group("model_weights")
        mw.attrs["layer_names"] = np.array([b"dense", b"dense_1"])
        for n in ("dense", "dense_1"):
            g = mw.create_group(n)
            g.attrs["weight_names"] = np.array([(n + "/kernel:0").encode(), (n + "/bias:0").encode()])
            g.create_group(n).create_dataset("kernel:0", data=np.ones((4, 4), dtype="float32"), track_times=False)
            g[n].create_dataset("bias:0", data=np.zeros((4,), dtype="float32"), track_times=False)
    return p


def main():
    if OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir(parents=True)

    # ---------------- benign
    seq = sequential("sequential", [
        input_layer("input_layer", [28, 28, 1]),
        layer("Conv2D", "conv2d", {"input_shape": [None, 28, 28, 1]}, filters=8, kernel_size=[3, 3], strides=[1, 1],
              padding="valid", activation="relu", kernel_initializer=init("GlorotUniform")),
        layer("BatchNormalization", "batch_normalization", {"input_shape": [None, 26, 26, 8]}, axis=-1,
              momentum=0.99, epsilon=0.001),
        layer("Dropout", "dropout", None, rate=0.25, seed=None, noise_shape=None),
        layer("Flatten", "flatten", None, data_format="channels_last"),
        dense("dense", 10, [None, 5408], activation="softmax"),
    ], [None, 28, 28, 1])
    write_keras("benign/sequential_conv.keras", dict(seq, compile_config=compile_config()),
                layers=("conv2d", "batch_normalization", "dense"))
    add("benign/sequential_conv.keras", "SAFE", [], "Keras 3 Sequential Conv2D/BatchNorm/Dropout/Dense, Adam + MSE")

    text = sequential("text", [
        input_layer("tokens", [20]),
        layer("Embedding", "embedding", {"input_shape": [None, 20]}, input_dim=1000, output_dim=16,
              embeddings_initializer=init("RandomUniform", minval=-0.05, maxval=0.05), mask_zero=False),
        layer("LSTM", "lstm", {"input_shape": [None, 20, 16]}, units=8, activation="tanh",
              recurrent_activation="sigmoid", return_sequences=False),
        dense("out", 1, [None, 8], activation="sigmoid"),
    ], [None, 20])
    write_keras("benign/sequential_lstm.keras", dict(text, compile_config=compile_config(
        loss="binary_crossentropy", metrics=["accuracy"])), layers=("embedding", "lstm", "out"))
    add("benign/sequential_lstm.keras", "SAFE", [], "Keras 3 Embedding/LSTM/Dense, string loss and metrics")

    inner = sequential("encoder", [input_layer("enc_in", [4]), dense("enc_dense", 4, [None, 4])], [None, 4])
    functional = k3("keras.src.models.functional", "Functional", {
        "name": "functional", "trainable": True,
        "layers": [
            {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [None, 4],
             "dtype": "float32", "sparse": False, "name": "inputs"}, "registered_name": None,
             "name": "inputs", "inbound_nodes": []},
            dict(inner, name="encoder", inbound_nodes=[{"args": [{"class_name": "__keras_tensor__", "config": {
                "shape": [None, 4], "dtype": "float32", "keras_history": ["inputs", 0, 0]}}], "kwargs": {}}]),
            dict(dense("head", 2, [None, 4], activation="linear"), name="head", inbound_nodes=[{"args": [
                {"class_name": "__keras_tensor__", "config": {"shape": [None, 4], "dtype": "float32",
                                                               "keras_history": ["encoder", 0, 0]}}],
                "kwargs": {}}]),
        ],
        "input_layers": [["inputs", 0, 0]], "output_layers": [["head", 0, 0]]},
        registered="Functional", build={"input_shape": [None, 4]})
    write_keras("benign/functional_nested.keras", dict(functional, compile_config=compile_config()),
                layers=("encoder", "head"))
    add("benign/functional_nested.keras", "SAFE", [], "Keras 3 Functional model with a nested Sequential sub-model")

    write_h5("benign/sequential_dense.h5", k2_model([k2_dense("dense", 4, inp=[4]), k2_dense("dense_1", 1, "linear")]))
    add("benign/sequential_dense.h5", "SAFE", [], "legacy Keras 2 h5: Sequential Dense, model_config + training_config")
    write_h5("benign/sequential_userblock.h5", k2_model([k2_dense("dense", 4, inp=[4])]), userblock=512)
    add("benign/sequential_userblock.h5", "SAFE", [], "legacy h5 with a zero-filled 512-byte user block")
    p = OUT / "benign/sequential.json"
    p.write_text(json.dumps(k2_model([k2_dense("dense", 4, inp=[4])])))
    add("benign/sequential.json", "SAFE", [], "Keras 2 model.to_json() output (model_from_json input)")

    # ---------------- malicious
    k2_lambda = {"class_name": "Lambda", "config": {"name": "lambda", "trainable": True, "dtype": "float32",
                 "function": [LAMBDA_CODE, None, None], "function_type": "lambda", "module": "__main__",
                 "output_shape": None, "output_shape_type": "raw", "output_shape_module": None, "arguments": {}}}
    write_h5("malicious/lambda_marshal.h5", k2_model([k2_dense("dense", 4, inp=[4]), k2_lambda]))
    add("malicious/lambda_marshal.h5", "UNSAFE", ["MLG-KERAS-001"], "Keras 2 Lambda layer with marshalled bytecode")
    k2_os = {"class_name": "Lambda", "config": {"name": "lambda", "trainable": True, "dtype": "float32",
             "function": "system", "function_type": "function", "module": "os", "output_shape": None,
             "output_shape_type": "raw", "output_shape_module": None, "arguments": {}}}
    write_h5("malicious/lambda_os_system.h5", k2_model([k2_dense("dense", 4, inp=[4]), k2_os]))
    add("malicious/lambda_os_system.h5", "UNSAFE", ["MLG-KERAS-003"], "Keras 2 Lambda referencing os.system")
    write_h5("malicious/module_os_system.h5", k2_model([k2_dense("dense", 4, inp=[4]),
                                                         {"module": "os", "class_name": "system",
                                                          "config": {"command": "echo mlgate-fixture"},
                                                          "registered_name": None}]))
    add("malicious/module_os_system.h5", "UNSAFE", ["MLG-KERAS-003"], "layer with module os / class_name system")
    write_h5("malicious/training_custom_loss.h5", k2_model([k2_dense("dense", 4, inp=[4])]),
             training=dict(K2_TRAINING, loss={"module": "my_losses", "class_name": "function", "config": "focal",
                                              "registered_name": "function"}))
    add("malicious/training_custom_loss.h5", "UNSAFE", ["MLG-KERAS-002"], "training_config loss from a custom module")

    lam3 = layer("Lambda", "lambda", None, function=k3("builtins", "__lambda__", {"code": LAMBDA_CODE,
                                                       "defaults": None, "closure": None}),
                 output_shape=None, arguments={})
    lam3["config"]["function"] = {"class_name": "__lambda__", "config": {"code": LAMBDA_CODE, "defaults": None,
                                                                       "closure": None}}
    write_keras("malicious/lambda_code.keras", sequential("sequential", [input_layer("i", [4]), lam3], [None, 4]))
    add("malicious/lambda_code.keras", "UNSAFE", ["MLG-KERAS-001"], "Keras 3 Lambda with a __lambda__ function")
    ref = layer("Lambda", "lambda", None, function=k3("my_helpers", "function", "scale", registered="function"),
                output_shape=None, arguments={})
    write_keras("malicious/lambda_reference.keras", sequential("sequential", [input_layer("i", [4]), ref], [None, 4]))
    add("malicious/lambda_reference.keras", "UNSAFE", ["MLG-KERAS-004"], "Keras 3 Lambda calling my_helpers.scale")
    custom = k3("my_pkg.layers", "Evil", {"name": "evil", "trainable": True}, registered="MyPkg>Evil")
    write_keras("malicious/custom_module.keras", sequential("sequential", [input_layer("i", [4]), custom], [None, 4]))
    add("malicious/custom_module.keras", "UNSAFE", ["MLG-KERAS-002"], "layer from module my_pkg.layers")
    act = dense("dense", 4, [None, 4])
    act["config"]["activation"] = k3("os", "function", "system", registered="function")
    write_keras("malicious/activation_os_system.keras", sequential("sequential", [input_layer("i", [4]), act],
                                                                 [None, 4]))
    add("malicious/activation_os_system.keras", "UNSAFE", ["MLG-KERAS-003"], "activation referencing os.system")
    write_keras("malicious/compile_custom_loss.keras", dict(seq, compile_config=compile_config(
        loss=k3("losses_lib", "FocalLoss", {"gamma": 2.0}, registered="Custom>FocalLoss"))))
    add("malicious/compile_custom_loss.keras", "UNSAFE", ["MLG-KERAS-002"], "compile_config loss from losses_lib")

    # ---------------- broken
    write_keras("broken/keras_config_not_json.keras", None, config_bytes=b"{\"class_name\": \"Sequential\", ")
    add("broken/keras_config_not_json.keras", "ERROR", [], "config.json cut short")
    write_h5("broken/h5_model_config_not_json.h5", None, raw_config=b"{not json")
    add("broken/h5_model_config_not_json.h5", "ERROR", [], "model_config attribute is not JSON")
    good = (OUT / "benign/sequential_dense.h5").read_bytes()
    (OUT / "broken/h5_truncated.h5").write_bytes(good[:1500])
    add("broken/h5_truncated.h5", "ERROR", [], "legacy h5 cut after 1500 bytes")

    with open(OUT / "MANIFEST.tsv", "w") as m:
        m.write("path\texpected\trules\tdescription\n")
        for row in sorted(MANIFEST):
            m.write("\t".join(row) + "\n")


if __name__ == "__main__":
    main()
