package org.mlgate.scan.tf;

import java.util.Set;

/**
 * Op names the walker judges. {@link #PYTHON} and {@link #FILE_HIGH} / {@link #FILE_DATASET} are the
 * dangerous ones; {@link #BUILTIN} lists common built-in ops that touch neither files nor Python (math, nn,
 * array, control flow, variables, strings, the checkpoint saver that every SavedModel contains). Anything
 * in none of the sets and not a library function is an unknown, probably custom, op.
 */
final class TfOps {
    private TfOps() {
    }

    static final Set<String> PYTHON = Set.of("PyFunc", "PyFuncStateless", "EagerPyFunc");

    /** Ops that open, list, map or write files (or a debugger/printing sink that does). */
    static final Set<String> FILE_HIGH = Set.of("ReadFile", "WriteFile", "MatchingFiles", "ImmutableConst",
            "WholeFileReader", "WholeFileReaderV2", "TextLineReader", "TextLineReaderV2", "FixedLengthRecordReader",
            "FixedLengthRecordReaderV2", "TFRecordReader", "TFRecordReaderV2", "LMDBReader", "CreateSummaryFileWriter",
            "CreateSummaryDbWriter", "DebugIdentity", "DebugIdentityV2", "DebugIdentityV3", "DebugNanCount",
            "DebugNumericSummary", "DebugNumericSummaryV2", "LoadAndRemapMatrix", "Save", "SaveSlices", "Restore",
            "RestoreSlice");

    /** Dataset sources reading files: common in training graphs, suspicious in a served model. */
    static final Set<String> FILE_DATASET = Set.of("TextLineDataset", "FixedLengthRecordDataset",
            "FixedLengthRecordDatasetV2", "TFRecordDataset", "TFRecordDatasetV2", "CSVDataset", "CSVDatasetV2",
            "ExperimentalCSVDataset", "LMDBDataset", "ExperimentalLMDBDataset", "SqlDataset", "ExperimentalSqlDataset",
            "MatchingFilesDataset", "ExperimentalMatchingFilesDataset", "SnapshotDataset", "SnapshotDatasetV2",
            "SaveDataset", "SaveDatasetV2", "LoadDataset", "ExperimentalLoadDataset", "ExperimentalSaveDataset",
            "DatasetToTFRecord", "ExperimentalDatasetToTFRecord", "CacheDataset", "CacheDatasetV2",
            "InitializeTableFromTextFile", "InitializeTableFromTextFileV2");

    static final Set<String> BUILTIN = Set.of(
            // constants, placeholders, identity, graph plumbing
            "Const", "HostConst", "Placeholder", "PlaceholderV2", "PlaceholderWithDefault", "Identity", "IdentityN",
            "NoOp", "StopGradient", "PreventGradient", "Snapshot", "CheckNumerics", "CheckNumericsV2", "Assert",
            "Print", "PrintV2", "StringFormat", "DebugGradientIdentity", "_Arg", "_Retval", "_Recv", "_Send",
            "_HostRecv", "_HostSend", "_DeviceArg", "_DeviceRetval", "_ReadVariablesOp", "FakeParam",
            // control flow and functions
            "Switch", "RefSwitch", "Merge", "RefMerge", "Enter", "RefEnter", "Exit", "RefExit", "NextIteration",
            "RefNextIteration", "LoopCond", "ControlTrigger", "Abort", "If", "StatelessIf", "While", "StatelessWhile",
            "Case", "StatelessCase", "PartitionedCall", "StatefulPartitionedCall", "For", "SymbolicGradient",
            "RemoteCall", "OptionalFromValue", "OptionalGetValue", "OptionalHasValue", "OptionalNone",
            // variables and resources
            "Variable", "VariableV2", "VarHandleOp", "ReadVariableOp", "AssignVariableOp", "AssignAddVariableOp",
            "AssignSubVariableOp", "VarIsInitializedOp", "DestroyResourceOp", "ResourceGather", "ResourceGatherNd",
            "ResourceScatterAdd", "ResourceScatterUpdate", "ResourceScatterSub", "ResourceScatterMul",
            "ResourceScatterDiv", "ResourceScatterMin", "ResourceScatterMax", "ResourceScatterNdUpdate",
            "ResourceScatterNdAdd", "ResourceStridedSliceAssign", "Assign", "AssignAdd", "AssignSub",
            "IsVariableInitialized", "TemporaryVariable", "DestroyTemporaryVariable", "VariableShape",
            "ConsumeMutexLock", "MutexLock", "MutexV2",
            // checkpoint saver (every SavedModel has these, fed with the loader's own paths)
            "SaveV2", "RestoreV2", "MergeV2Checkpoints", "ShardedFilename", "ShardedFilespec", "StringJoin",
            "StaticRegexFullMatch", "RegexFullMatch", "StaticRegexReplace", "RegexReplace",
            // hash tables (in-memory)
            "HashTable", "HashTableV2", "MutableHashTable", "MutableHashTableV2", "MutableHashTableOfTensors",
            "MutableHashTableOfTensorsV2", "MutableDenseHashTable", "MutableDenseHashTableV2", "LookupTableFind",
            "LookupTableFindV2", "LookupTableInsert", "LookupTableInsertV2", "LookupTableSize", "LookupTableSizeV2",
            "LookupTableExport", "LookupTableExportV2", "LookupTableImport", "LookupTableImportV2",
            "LookupTableRemoveV2", "InitializeTable", "InitializeTableV2", "AnonymousHashTable",
            // math
            "Add", "AddV2", "AddN", "Sub", "Mul", "MulNoNan", "Div", "DivNoNan", "RealDiv", "FloorDiv", "FloorMod",
            "TruncateDiv", "TruncateMod", "Mod", "Pow", "Neg", "Abs", "Sign", "Square", "Sqrt", "Rsqrt", "Exp",
            "Expm1", "Log", "Log1p", "Reciprocal", "Inv", "Floor", "Ceil", "Round", "Rint", "Sin", "Cos", "Tan",
            "Asin", "Acos", "Atan", "Atan2", "Sinh", "Cosh", "Tanh", "Asinh", "Acosh", "Atanh", "Sigmoid", "Erf",
            "Erfc", "Erfinv", "Lgamma", "Digamma", "Igamma", "Igammac", "Betainc", "Maximum", "Minimum",
            "SquaredDifference", "Xlogy", "Xdivy", "Xlog1py", "BiasAdd", "BiasAddV1", "BiasAddGrad", "MatMul",
            "BatchMatMul", "BatchMatMulV2", "BatchMatMulV3", "SparseMatMul", "Einsum", "Sum", "Prod", "Mean", "Max",
            "Min", "All", "Any", "ArgMax", "ArgMin", "Cumsum", "Cumprod", "CumulativeLogsumexp", "Equal", "NotEqual",
            "Less", "LessEqual", "Greater", "GreaterEqual", "ApproximateEqual", "LogicalAnd", "LogicalOr",
            "LogicalNot", "IsNan", "IsInf", "IsFinite", "Cast", "Bitcast", "Complex", "Real", "Imag", "Angle",
            "Conj", "ComplexAbs", "ClipByValue", "Range", "LinSpace", "SegmentSum", "SegmentMean", "SegmentMax",
            "SegmentMin", "SegmentProd", "UnsortedSegmentSum", "UnsortedSegmentMax", "UnsortedSegmentMin",
            "UnsortedSegmentProd", "SparseSegmentSum", "SparseSegmentMean", "SparseSegmentSqrtN", "BitwiseAnd",
            "BitwiseOr", "BitwiseXor", "Invert", "LeftShift", "RightShift", "PopulationCount", "MatrixInverse",
            "MatrixDeterminant", "MatrixDiag", "MatrixDiagV2", "MatrixDiagV3", "MatrixDiagPart", "MatrixDiagPartV2",
            "MatrixDiagPartV3", "MatrixSetDiag", "MatrixSetDiagV2", "MatrixSetDiagV3", "MatrixBandPart",
            "MatrixSolve", "MatrixTriangularSolve", "Cholesky", "Qr", "Svd", "SelfAdjointEigV2", "Cross",
            "ReduceJoin", "BroadcastArgs", "BroadcastGradientArgs", "BroadcastTo", "Bucketize", "HistogramFixedWidth",
            "TensorScatterAdd", "TensorScatterUpdate", "TensorScatterSub", "TensorScatterMax", "TensorScatterMin",
            "FFT", "IFFT", "RFFT", "IRFFT", "FFT2D", "IFFT2D", "RFFT2D", "IRFFT2D",
            // random (stateless and stateful)
            "RandomUniform", "RandomUniformInt", "RandomStandardNormal", "TruncatedNormal", "RandomShuffle",
            "Multinomial", "StatelessRandomUniform", "StatelessRandomNormal", "StatelessTruncatedNormal",
            "StatelessRandomUniformV2", "StatelessRandomNormalV2", "StatelessRandomUniformInt",
            "StatelessRandomUniformIntV2", "StatelessRandomUniformFullIntV2", "StatelessTruncatedNormalV2",
            "StatelessRandomGetKeyCounter", "StatelessRandomGetKeyCounterAlg", "StatelessRandomGetAlg",
            "StatelessMultinomial", "RngReadAndSkip", "RngSkip", "StatefulUniform", "StatefulStandardNormalV2",
            "StatefulUniformInt", "StatefulTruncatedNormal", "RandomGamma", "RandomPoisson", "RandomPoissonV2",
            // neural network
            "Relu", "Relu6", "Elu", "Selu", "LeakyRelu", "Softplus", "Softsign", "Softmax", "LogSoftmax", "Gelu",
            "Conv2D", "Conv3D", "Conv2DBackpropInput", "Conv2DBackpropFilter", "Conv3DBackpropInputV2",
            "DepthwiseConv2dNative", "DepthwiseConv2dNativeBackpropInput", "Conv", "MaxPool", "MaxPoolV2",
            "MaxPool3D", "AvgPool", "AvgPool3D", "MaxPoolWithArgmax", "FusedBatchNorm", "FusedBatchNormV2",
            "FusedBatchNormV3", "BatchNormWithGlobalNormalization", "LRN", "L2Loss", "InTopK", "InTopKV2", "TopK",
            "TopKV2", "SoftmaxCrossEntropyWithLogits", "SparseSoftmaxCrossEntropyWithLogits", "Dilation2D",
            "ResizeBilinear", "ResizeNearestNeighbor", "ResizeBicubic", "ResizeArea", "CropAndResize",
            "NonMaxSuppression", "NonMaxSuppressionV2", "NonMaxSuppressionV3", "NonMaxSuppressionV4",
            "NonMaxSuppressionV5", "CombinedNonMaxSuppression", "DecodeJpeg", "DecodePng", "DecodeImage",
            "DecodeBmp", "DecodeGif", "EncodeJpeg", "EncodePng", "AdjustContrastv2", "AdjustSaturation",
            "AdjustHue", "RGBToHSV", "HSVToRGB", "ExtractImagePatches", "CTCGreedyDecoder", "CTCBeamSearchDecoder",
            "CTCLoss", "_FusedConv2D", "_FusedMatMul", "_FusedBatchNormEx", "BlockLSTM", "BlockLSTMV2", "LSTMBlockCell",
            "GRUBlockCell", "CudnnRNN", "CudnnRNNV2", "CudnnRNNV3", "CudnnRNNParamsSize", "CudnnRNNCanonicalToParams",
            "CudnnRNNCanonicalToParamsV2", "CudnnRNNParamsToCanonical", "CudnnRNNParamsToCanonicalV2",
            "FakeQuantWithMinMaxVars", "FakeQuantWithMinMaxArgs", "FakeQuantWithMinMaxVarsPerChannel",
            "QuantizeV2", "Dequantize", "QuantizeAndDequantizeV2", "QuantizeAndDequantizeV3",
            "QuantizeAndDequantizeV4", "Dropout",
            // optimizers
            "ApplyGradientDescent", "ResourceApplyGradientDescent", "ApplyAdam", "ResourceApplyAdam",
            "ResourceApplyAdamWithAmsgrad", "ApplyMomentum", "ResourceApplyMomentum", "ResourceApplyKerasMomentum",
            "ApplyAdagrad", "ResourceApplyAdagrad", "ResourceApplyAdagradV2", "ApplyRMSProp", "ResourceApplyRMSProp",
            "ResourceApplyCenteredRMSProp", "ResourceApplyFtrl", "ResourceApplyFtrlV2", "ResourceApplyAdadelta",
            "ResourceApplyAdaMax", "ResourceSparseApplyAdagrad", "ResourceSparseApplyAdagradV2",
            "ResourceSparseApplyMomentum", "ResourceSparseApplyKerasMomentum",
            // arrays and shapes
            "Shape", "ShapeN", "Size", "Rank", "Reshape", "Squeeze", "ExpandDims", "Transpose", "ConjugateTranspose",
            "Concat", "ConcatV2", "ConcatOffset", "Split", "SplitV", "Unpack", "Pack", "Tile", "Pad", "PadV2",
            "MirrorPad", "Slice", "StridedSlice", "StridedSliceGrad", "Gather",
            "GatherV2", "GatherNd", "ScatterNd", "ScatterNdNonAliasingAdd", "ScatterUpdate", "ScatterAdd",
            "ScatterNdUpdate", "Fill", "ZerosLike", "OnesLike", "Empty", "Reverse", "ReverseV2", "ReverseSequence",
            "Select", "SelectV2", "Where", "OneHot", "Unique", "UniqueV2", "UniqueWithCounts", "ListDiff",
            "SetDiff1d", "InvertPermutation", "DynamicPartition", "DynamicStitch", "ParallelDynamicStitch",
            "SpaceToBatchND", "BatchToSpaceND", "SpaceToDepth", "DepthToSpace", "SpaceToBatch", "BatchToSpace",
            "EnsureShape", "Unbatch", "TensorListFromTensor", "TensorListStack",
            "TensorListReserve", "TensorListGetItem", "TensorListSetItem", "TensorListLength",
            "TensorListElementShape", "TensorListPushBack", "TensorListPopBack", "EmptyTensorList",
            "TensorListConcatV2", "TensorListSplit", "TensorListGather", "TensorListScatterIntoExistingList",
            "TensorArrayV3", "TensorArrayReadV3", "TensorArrayWriteV3", "TensorArrayGatherV3",
            "TensorArrayScatterV3", "TensorArraySizeV3", "TensorArrayConcatV3", "TensorArraySplitV3",
            "TensorArrayGradV3", "TensorArrayCloseV3", "UpperBound", "LowerBound", "SearchSorted", "Roll",
            "Diag", "DiagPart", "Eye", "RaggedTensorToTensor", "RaggedTensorFromVariant",
            "RaggedTensorToVariant", "RaggedGather", "RaggedRange", "RaggedTensorToSparse", "RaggedCross",
            // sparse
            "SparseTensorDenseMatMul", "SparseToDense", "SparseReshape", "SparseReorder", "SparseFillEmptyRows",
            "SparseSegmentSumWithNumSegments", "SparseSegmentMeanWithNumSegments", "SparseAdd", "SparseConcat",
            "SparseSlice", "SparseTensorDenseAdd", "SparseReduceSum", "SparseCross", "SparseCrossV2",
            "SparseCrossHashed", "SerializeSparse", "DeserializeSparse",
            // strings and parsing
            "AsString", "StringToNumber", "StringLength", "StringSplit", "StringSplitV2", "StringStrip",
            "StringLower", "StringUpper", "Substr", "StringToHashBucket", "StringToHashBucketFast",
            "StringToHashBucketStrong", "UnicodeDecode", "UnicodeDecodeWithOffsets", "UnicodeEncode",
            "UnicodeScript", "UnicodeTranscode", "StringNGrams", "EncodeBase64", "DecodeBase64", "DecodeRaw",
            "DecodeCSV", "DecodeJSONExample", "DecodeCompressed", "ParseExample", "ParseExampleV2",
            "ParseSingleExample", "ParseSequenceExample", "ParseSequenceExampleV2", "ParseSingleSequenceExample",
            "ParseTensor", "SerializeTensor", "Fingerprint", "DecodeProtoV2", "EncodeProto",
            // datasets built in memory and iterators
            "TensorDataset", "TensorSliceDataset", "RangeDataset", "MapDataset", "ParallelMapDataset",
            "ParallelMapDatasetV2", "BatchDataset", "BatchDatasetV2", "PaddedBatchDataset", "PaddedBatchDatasetV2",
            "ShuffleDataset", "ShuffleDatasetV2", "ShuffleDatasetV3", "RepeatDataset", "PrefetchDataset",
            "FilterDataset", "FlatMapDataset", "InterleaveDataset", "ParallelInterleaveDatasetV4", "ZipDataset",
            "ConcatenateDataset", "TakeDataset", "SkipDataset", "OptimizeDataset", "OptimizeDatasetV2",
            "ModelDataset", "OptionsDataset", "IteratorV2", "AnonymousIteratorV2", "AnonymousIteratorV3",
            "MakeIterator", "IteratorGetNext", "IteratorGetNextAsOptional", "IteratorToStringHandle",
            "IteratorFromStringHandleV2", "DeleteIterator", "DatasetCardinality", "ReduceDataset",
            "DatasetToGraphV2", "DummySeedGenerator", "AnonymousSeedGenerator", "DeleteSeedGenerator",
            // summaries (in-memory protos; writers are file ops)
            "ScalarSummary", "HistogramSummary", "ImageSummary", "AudioSummaryV2", "MergeSummary", "TensorSummary",
            "TensorSummaryV2", "WriteSummary", "WriteScalarSummary", "WriteHistogramSummary", "WriteImageSummary",
            "WriteRawProtoSummary", "FlushSummaryWriter", "CloseSummaryWriter", "SummaryWriter",
            // TPU / XLA plumbing found in exported serving graphs
            "TPUReplicateMetadata", "TPUCompilationResult", "TPUReplicatedInput", "TPUReplicatedOutput",
            "TPUPartitionedCall", "TPUOrdinalSelector", "XlaLaunch", "XlaCallModule", "XlaSharding",
            "XlaConcatND", "XlaSplitND", "BatchFunction");
}
