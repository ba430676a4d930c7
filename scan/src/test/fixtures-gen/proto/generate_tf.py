"""TensorFlow SavedModel / GraphDef fixtures, hand-encoded (TensorFlow is not in Debian).

A tiny protobuf encoder writes the messages with the field numbers of saved_model.proto, meta_graph.proto,
graph.proto, node_def.proto, function.proto, op_def.proto, attr_value.proto and versions.proto, shaped
like what tf.saved_model.save writes for a small Keras-style model (serving signature, variables read
through StatefulPartitionedCall, the checkpoint saver's ops). Any Python 3 runs it.
"""
import os
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "resources", "fixtures-proto")


def varint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def vfield(num, value):
    return varint(num << 3) + varint(value)


def lfield(num, payload):
    if isinstance(payload, str):
        payload = payload.encode()
    return varint(num << 3 | 2) + varint(len(payload)) + payload


def attr_s(key, s):            # NodeDef.attr map entry: key 1, AttrValue 2 (s = 2)
    return lfield(5, lfield(1, key) + lfield(2, lfield(2, s)))


def attr_type(key, dtype):     # AttrValue.type = 6
    return lfield(5, lfield(1, key) + lfield(2, vfield(6, dtype)))


def attr_func(key, name):      # AttrValue.func = 10 -> NameAttrList.name = 1
    return lfield(5, lfield(1, key) + lfield(2, lfield(10, lfield(1, name))))


def node(name, op, inputs=(), attrs=b"", device=""):
    body = lfield(1, name) + lfield(2, op)
    for i in inputs:
        body += lfield(3, i)
    if device:
        body += lfield(4, device)
    return body + attrs


def function(name, nodes):     # FunctionDef: signature 1 (OpDef.name 1), node_def 3
    return lfield(1, lfield(1, name)) + b"".join(lfield(3, n) for n in nodes)


def graph(nodes, functions=()):
    body = b"".join(lfield(1, n) for n in nodes)
    if functions:
        body += lfield(2, b"".join(lfield(1, f) for f in functions))
    return body + lfield(4, vfield(1, 1395) + vfield(2, 0))     # VersionDef producer, min_consumer


def saved_model(graph_def):
    meta_info = lfield(4, "serve") + lfield(5, "2.15.0") + lfield(6, "unknown")
    saver = lfield(1, "saver_filename:0") + lfield(2, "StatefulPartitionedCall_1:0") \
        + lfield(3, "StatefulPartitionedCall_2:0") + vfield(4, 5) + vfield(7, 2)
    signature = lfield(5, lfield(1, "serving_default") + lfield(2, lfield(3, "tensorflow/serving/predict")))
    meta = lfield(1, meta_info) + lfield(2, graph_def) + lfield(3, saver) + signature
    return vfield(1, 1) + lfield(2, meta)


FLOAT, STRING = 1, 7


def serving_nodes(extra_fn_nodes=()):
    """Placeholders, variables and the inference function called through StatefulPartitionedCall."""
    nodes = [
        node("serving_default_x", "Placeholder", attrs=attr_type("dtype", FLOAT)),
        node("dense/kernel", "VarHandleOp", attrs=attr_type("dtype", FLOAT) + attr_s("shared_name", "dense/kernel")),
        node("dense/bias", "VarHandleOp", attrs=attr_type("dtype", FLOAT) + attr_s("shared_name", "dense/bias")),
        node("StatefulPartitionedCall", "StatefulPartitionedCall", ["serving_default_x", "dense/kernel", "dense/bias"],
             attr_func("f", "__inference_signature_wrapper_42")),
        node("saver_filename", "Placeholder", attrs=attr_type("dtype", STRING)),
        node("StatefulPartitionedCall_1", "StatefulPartitionedCall", ["saver_filename"],
             attr_func("f", "__inference_saver_99")),
        node("StatefulPartitionedCall_2", "StatefulPartitionedCall", ["saver_filename"],
             attr_func("f", "__inference_restore_77")),
    ]
    infer = function("__inference_signature_wrapper_42", [
        node("MatMul/ReadVariableOp", "ReadVariableOp", ["kernel"], attr_type("dtype", FLOAT)),
        node("MatMul", "MatMul", ["x", "MatMul/ReadVariableOp:value:0"]),
        node("BiasAdd/ReadVariableOp", "ReadVariableOp", ["bias"], attr_type("dtype", FLOAT)),
        node("BiasAdd", "BiasAdd", ["MatMul:product:0", "BiasAdd/ReadVariableOp:value:0"]),
        node("Relu", "Relu", ["BiasAdd:output:0"]),
        node("Softmax", "Softmax", ["Relu:activations:0"]),
        node("Identity", "Identity", ["Softmax:softmax:0"]),
        *extra_fn_nodes,
    ])
    save = function("__inference_saver_99", [
        node("StaticRegexFullMatch", "StaticRegexFullMatch", ["file_prefix"], attr_s("pattern", "^s3://.*")),
        node("Const", "Const", attrs=attr_type("dtype", STRING)),
        node("Select", "Select", ["StaticRegexFullMatch:output:0", "Const:output:0", "Const_1:output:0"]),
        node("StringJoin", "StringJoin", ["file_prefix", "Select:output:0"]),
        node("ShardedFilename", "ShardedFilename", ["StringJoin:output:0", "num_shards", "shard"]),
        node("SaveV2", "SaveV2", ["ShardedFilename:filename:0", "names", "slices", "kernel", "bias"],
             device="/device:CPU:0"),
        node("MergeV2Checkpoints", "MergeV2Checkpoints", ["checkpoint_prefixes", "file_prefix"]),
        node("NoOp", "NoOp"),
    ])
    restore = function("__inference_restore_77", [
        node("RestoreV2", "RestoreV2", ["file_prefix", "names", "slices"]),
        node("AssignVariableOp", "AssignVariableOp", ["kernel", "RestoreV2:tensors:0"]),
        node("AssignVariableOp_1", "AssignVariableOp", ["bias", "RestoreV2:tensors:1"]),
    ])
    return nodes, [infer, save, restore]


def out(kind, path, data):
    full = os.path.join(ROOT, kind, "tf", path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "wb") as f:
        f.write(data)


def main():
    nodes, fns = serving_nodes()
    out("benign", "dense_savedmodel/saved_model.pb", saved_model(graph(nodes, fns)))
    frozen = [
        node("x", "Placeholder", attrs=attr_type("dtype", FLOAT)),
        node("w", "Const", attrs=attr_type("dtype", FLOAT)),
        node("MatMul", "MatMul", ["x", "w"]),
        node("y", "Relu", ["MatMul"]),
    ]
    out("benign", "frozen_graph.pb", graph(frozen))

    nodes, fns = serving_nodes([
        node("ReadFile", "ReadFile", ["Const_path"]),
        node("WriteFile", "WriteFile", ["Const_dest", "ReadFile:contents:0"]),
    ])
    out("malicious", "readfile_writefile/saved_model.pb", saved_model(graph(nodes, fns)))
    nodes, fns = serving_nodes()
    nodes.append(node("py", "PyFunc", ["serving_default_x"], attr_s("token", "pyfunc_0")))
    out("malicious", "pyfunc/saved_model.pb", saved_model(graph(nodes, fns)))
    nodes, fns = serving_nodes([node("eager", "EagerPyFunc", ["x"], attr_s("token", "pyfunc_1"))])
    out("malicious", "eager_pyfunc_in_function/saved_model.pb", saved_model(graph(nodes, fns)))
    nodes, fns = serving_nodes([node("Zero", "ZeroOut", ["x"])])
    out("malicious", "custom_op/saved_model.pb", saved_model(graph(nodes, fns)))
    nodes, fns = serving_nodes()
    nodes.append(node("mm", "ImmutableConst", attrs=attr_s("memory_region_name", "/etc/passwd")))
    out("malicious", "immutable_const/saved_model.pb", saved_model(graph(nodes, fns)))
    nodes, fns = serving_nodes([node("lines", "TextLineDataset", ["filenames", "compression", "buffer"])])
    out("malicious", "textline_dataset/saved_model.pb", saved_model(graph(nodes, fns)))
    out("malicious", "frozen_graph_pyfunc.pb", graph(frozen + [node("p", "PyFuncStateless", ["y"])]))

    nodes, fns = serving_nodes()
    good = bytearray(saved_model(graph(nodes, fns)))
    # the first NodeDef's name tag says wire type 3 (a group): the SavedModel's top level still parses
    at = good.index(lfield(1, nodes[0])) + 2
    assert good[at] == 0x0A
    good[at] = 0x0B
    out("malformed", "tf_node_group_wire_type/saved_model.pb", bytes(good))


if __name__ == "__main__":
    sys.exit(main())
