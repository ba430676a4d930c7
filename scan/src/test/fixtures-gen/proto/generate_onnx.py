"""ONNX fixtures for the protobuf walker (run with Debian's /usr/bin/python3, python3-onnx, python3-torch).

Writes scan/src/test/resources/fixtures-proto/{benign,malicious,malformed}/onnx/*.onnx. Nothing here is
loaded with external data: the hostile locations only ever exist as strings in the model.
"""
import io
import os
import sys

import numpy as np
import onnx
import torch
from onnx import TensorProto, helper, numpy_helper

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "resources", "fixtures-proto")
OPSET = [helper.make_opsetid("", 13)]


def out(kind, name, data):
    path = os.path.join(ROOT, kind, "onnx", name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def model(nodes, inits=(), opsets=OPSET, functions=(), name="g"):
    graph = helper.make_graph(
        nodes, name,
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [2])],
        initializer=list(inits))
    m = helper.make_model(graph, opset_imports=list(opsets), producer_name="mlgate-fixtures",
                          functions=list(functions))
    m.ir_version = 8
    return m


def weight(name="w", values=(1.0, 2.0)):
    return numpy_helper.from_array(np.array(values, dtype=np.float32), name)


def external(tensor, location):
    """Marks tensor as external data at location (the data itself is dropped, as save_model would)."""
    tensor.ClearField("raw_data")
    tensor.data_location = TensorProto.EXTERNAL
    for k, v in (("location", location), ("offset", "0"), ("length", "8")):
        e = tensor.external_data.add()
        e.key, e.value = k, v
    return tensor


def torch_export(module, args, **kw):
    buf = io.BytesIO()
    torch.onnx.export(module, args, buf, opset_version=13, **kw)
    return buf.getvalue()


class Mlp(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.a = torch.nn.Linear(4, 8)
        self.b = torch.nn.Linear(8, 2)

    def forward(self, x):
        return torch.softmax(self.b(torch.relu(self.a(x))), dim=-1)


class Branchy(torch.nn.Module):
    def forward(self, x):
        if x.sum() > 0:
            y = x * 2
        else:
            y = x - 1
        for _ in range(x.size(0)):
            y = y + 1
        return y


def main():
    torch.manual_seed(0)
    out("benign", "torch_mlp.onnx", torch_export(Mlp().eval(), (torch.zeros(1, 4),)))
    out("benign", "torch_if_loop.onnx", torch_export(torch.jit.script(Branchy()), (torch.ones(3),),
                                                      input_names=["x"], output_names=["y"]))

    add = helper.make_node("Add", ["x", "w"], ["y"])
    out("benign", "external_relative.onnx",
        model([add], [external(weight(), "weights/model.bin")]).SerializeToString())
    fn = helper.make_function("com.example.local", "Twice", ["a"], ["b"],
                              [helper.make_node("Add", ["a", "a"], ["b"])], OPSET)
    out("benign", "local_function.onnx",
        model([helper.make_node("Twice", ["x"], ["y"], domain="com.example.local")],
              opsets=OPSET + [helper.make_opsetid("com.example.local", 1)], functions=[fn]).SerializeToString())
    out("benign", "ms_contrib_gelu.onnx",
        model([helper.make_node("Gelu", ["x"], ["y"], domain="com.microsoft")],
              opsets=OPSET + [helper.make_opsetid("com.microsoft", 1)]).SerializeToString())

    out("malicious", "external_data_dotdot.onnx",
        model([add], [external(weight(), "../../etc/passwd")]).SerializeToString())
    out("malicious", "external_data_absolute.onnx",
        model([add], [external(weight(), "/etc/shadow")]).SerializeToString())
    then_graph = helper.make_graph([helper.make_node("Identity", ["s"], ["t"])], "then", [],
                                   [helper.make_tensor_value_info("t", TensorProto.FLOAT, [2])],
                                   initializer=[external(weight("s"), "file:///proc/self/environ")])
    else_graph = helper.make_graph([helper.make_node("Identity", ["x"], ["e"])], "else", [],
                                   [helper.make_tensor_value_info("e", TensorProto.FLOAT, [2])])
    cond = helper.make_node("Constant", [], ["c"], value=helper.make_tensor("c", TensorProto.BOOL, [], [True]))
    branch = helper.make_node("If", ["c"], ["y"], then_branch=then_graph, else_branch=else_graph)
    out("malicious", "external_data_in_if_branch.onnx", model([cond, branch]).SerializeToString())
    out("malicious", "custom_domain_op.onnx",
        model([helper.make_node("FastGather", ["x"], ["y"], domain="com.example.ops")],
              opsets=OPSET + [helper.make_opsetid("com.example.ops", 1)]).SerializeToString())
    out("malicious", "contrib_pyop.onnx",
        model([helper.make_node("PyOp", ["x"], ["y"], domain="ai.onnx.contrib")],
              opsets=OPSET + [helper.make_opsetid("ai.onnx.contrib", 1)]).SerializeToString())
    short = weight()
    short.dims[:] = [4, 4]
    out("malicious", "tensor_layout_mismatch.onnx", model([add], [short]).SerializeToString())

    good = model([add], [weight()]).SerializeToString()
    # the node's length prefix claims more bytes than its graph holds: the top level still parses
    m = model([add], [weight()])
    raw = bytearray(m.SerializeToString())
    node = m.graph.node[0].SerializeToString()
    at = raw.index(node) - 1          # the node's one-byte length
    raw[at] = 0x7f
    out("malformed", "onnx_node_length_overrun.onnx", bytes(raw))
    out("malformed", "onnx_truncated.onnx", good[: len(good) // 2])


if __name__ == "__main__":
    sys.exit(main())
