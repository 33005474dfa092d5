package dev.tinyforge.tflite;

/**
 * The TFLite model schema as TFLite 2.20 (our oracle, {@code org.bytedeco:tensorflow-lite:2.20.0})
 * verifies it: every table reachable from {@code Model}, with field ids and sizes.
 *
 * <p>Why a description of our own: the generated classes we parse with
 * ({@code org.tensorflow:tensorflow-lite-metadata:0.4.4}) are older than TFLite 2.20 (no
 * {@code BuiltinOptions2}, no {@code Buffer.offset/size}, no {@code debug_metadata_index}), and a
 * verifier at least as strict as TFLite's must check what TFLite checks. It must not check more either:
 * fields newer than 2.20 ({@code Tensor.external_buffer}, {@code Model.external_buffers},
 * {@code MultiAxisQuantization}, ...) are left out because TFLite 2.20 ignores them, as flatbuffers
 * ignores any field or union member its generated code does not know.
 *
 * <p>Enums are written as their underlying scalar. The field lists were taken from TFLite's
 * {@code schema.fbs} and are checked field by field against TFLite 2.20's own verifier by
 * {@code VerifierDifferentialTest}, and against the generated 0.4.4 classes (ids) by
 * {@code TfliteVerifierTest}.
 */
public final class TfliteSchema {
    /** The file identifier at bytes 4..7 of every {@code .tflite} file. */
    public static final String IDENTIFIER = "TFL3";

    /** The schema version TFLite 2.20 builds interpreters for. */
    public static final int VERSION = 3;

    private static final String TEXT = """
            # Model and its direct parts
            table Model: version u32, operator_codes [OperatorCode], subgraphs [SubGraph], description string, \
            buffers [Buffer], metadata_buffer [i32], metadata [Metadata], signature_defs [SignatureDef]
            table OperatorCode: deprecated_builtin_code i8, custom_code string, version i32, builtin_code i32
            table SubGraph: tensors [Tensor], inputs [i32], outputs [i32], operators [Operator], name string, \
            debug_metadata_index i32
            table Buffer: data [u8], offset u64, size u64
            table Metadata: name string, buffer u32
            table TensorMap: name string, tensor_index u32
            table SignatureDef: inputs [TensorMap], outputs [TensorMap], signature_key string, \
            deprecated_tag deprecated, subgraph_index u32

            # Tensors
            table Tensor: shape [i32], type i8, buffer u32, name string, quantization QuantizationParameters, \
            is_variable bool, sparsity SparsityParameters, shape_signature [i32], has_rank bool, \
            variant_tensors [VariantSubType]
            table VariantSubType: shape [i32], type i8, has_rank bool
            table QuantizationParameters: min [f32], max [f32], scale [f32], zero_point [i64], \
            details QuantizationDetails, quantized_dimension i32
            union QuantizationDetails: CustomQuantization, BlockwiseQuantization
            table CustomQuantization: custom [u8]
            table BlockwiseQuantization: scales i32, zero_points i32, block_size i32
            table SparsityParameters: traversal_order [i32], block_map [i32], dim_metadata [DimensionMetadata]
            table DimensionMetadata: format i8, dense_size i32, array_segments SparseIndexVector, \
            array_indices SparseIndexVector
            union SparseIndexVector: Int32Vector, Uint16Vector, Uint8Vector
            table Int32Vector: values [i32]
            table Uint16Vector: values [u16]
            table Uint8Vector: values [u8]

            # Operators
            table Operator: opcode_index u32, inputs [i32], outputs [i32], builtin_options BuiltinOptions, \
            custom_options [u8], custom_options_format i8, mutating_variable_inputs [bool], intermediates [i32], \
            large_custom_options_offset u64, large_custom_options_size u64, builtin_options_2 BuiltinOptions2, \
            debug_metadata_index i32

            union BuiltinOptions: Conv2DOptions, DepthwiseConv2DOptions, ConcatEmbeddingsOptions, \
            LSHProjectionOptions, Pool2DOptions, SVDFOptions, RNNOptions, FullyConnectedOptions, SoftmaxOptions, \
            ConcatenationOptions, AddOptions, L2NormOptions, LocalResponseNormalizationOptions, LSTMOptions, \
            ResizeBilinearOptions, CallOptions, ReshapeOptions, SkipGramOptions, SpaceToDepthOptions, \
            EmbeddingLookupSparseOptions, MulOptions, PadOptions, GatherOptions, BatchToSpaceNDOptions, \
            SpaceToBatchNDOptions, TransposeOptions, ReducerOptions, SubOptions, DivOptions, SqueezeOptions, \
            SequenceRNNOptions, StridedSliceOptions, ExpOptions, TopKV2Options, SplitOptions, LogSoftmaxOptions, \
            CastOptions, DequantizeOptions, MaximumMinimumOptions, ArgMaxOptions, LessOptions, NegOptions, \
            PadV2Options, GreaterOptions, GreaterEqualOptions, LessEqualOptions, SelectOptions, SliceOptions, \
            TransposeConvOptions, SparseToDenseOptions, TileOptions, ExpandDimsOptions, EqualOptions, \
            NotEqualOptions, ShapeOptions, PowOptions, ArgMinOptions, FakeQuantOptions, PackOptions, \
            LogicalOrOptions, OneHotOptions, LogicalAndOptions, LogicalNotOptions, UnpackOptions, FloorDivOptions, \
            SquareOptions, ZerosLikeOptions, FillOptions, BidirectionalSequenceLSTMOptions, \
            BidirectionalSequenceRNNOptions, UnidirectionalSequenceLSTMOptions, FloorModOptions, RangeOptions, \
            ResizeNearestNeighborOptions, LeakyReluOptions, SquaredDifferenceOptions, MirrorPadOptions, AbsOptions, \
            SplitVOptions, UniqueOptions, ReverseV2Options, AddNOptions, GatherNdOptions, CosOptions, WhereOptions, \
            RankOptions, ReverseSequenceOptions, MatrixDiagOptions, QuantizeOptions, MatrixSetDiagOptions, \
            HardSwishOptions, IfOptions, WhileOptions, DepthToSpaceOptions, NonMaxSuppressionV4Options, \
            NonMaxSuppressionV5Options, ScatterNdOptions, SelectV2Options, DensifyOptions, SegmentSumOptions, \
            BatchMatMulOptions, CumsumOptions, CallOnceOptions, BroadcastToOptions, Rfft2dOptions, Conv3DOptions, \
            HashtableOptions, HashtableFindOptions, HashtableImportOptions, HashtableSizeOptions, VarHandleOptions, \
            ReadVariableOptions, AssignVariableOptions, RandomOptions, BucketizeOptions, GeluOptions, \
            DynamicUpdateSliceOptions, UnsortedSegmentProdOptions, UnsortedSegmentMaxOptions, \
            UnsortedSegmentMinOptions, UnsortedSegmentSumOptions, ATan2Options, SignOptions, BitcastOptions, \
            BitwiseXorOptions, RightShiftOptions

            union BuiltinOptions2: StablehloConcatenateOptions, StablehloBroadcastInDimOptions, StablehloSliceOptions, \
            StablehloConvolutionOptions, StablehloCustomCallOptions, StablehloReduceOptions, StablehloScatterOptions, \
            StablehloCompareOptions, StablehloDynamicSliceOptions, StablehloPadOptions, StablehloIotaOptions, \
            StablehloDotGeneralOptions, StablehloReduceWindowOptions, StablehloSortOptions, StablehloWhileOptions, \
            StablehloGatherOptions, StablehloTransposeOptions, DilateOptions, StablehloRngBitGeneratorOptions, \
            ReduceWindowOptions, StableHLOCompositeOptions, StablehloShiftLeftOptions, StablehloCaseOptions

            # BuiltinOptions members with fields
            table Conv2DOptions: padding i8, stride_w i32, stride_h i32, fused_activation_function i8, \
            dilation_w_factor i32, dilation_h_factor i32, quantized_bias_type i8
            table DepthwiseConv2DOptions: padding i8, stride_w i32, stride_h i32, depth_multiplier i32, \
            fused_activation_function i8, dilation_w_factor i32, dilation_h_factor i32
            table ConcatEmbeddingsOptions: num_channels i32, num_columns_per_channel [i32], \
            embedding_dim_per_channel [i32]
            table LSHProjectionOptions: type i8
            table Pool2DOptions: padding i8, stride_w i32, stride_h i32, filter_width i32, filter_height i32, \
            fused_activation_function i8
            table SVDFOptions: rank i32, fused_activation_function i8, asymmetric_quantize_inputs bool
            table RNNOptions: fused_activation_function i8, asymmetric_quantize_inputs bool
            table FullyConnectedOptions: fused_activation_function i8, weights_format i8, keep_num_dims bool, \
            asymmetric_quantize_inputs bool, quantized_bias_type i8
            table SoftmaxOptions: beta f32
            table ConcatenationOptions: axis i32, fused_activation_function i8
            table AddOptions: fused_activation_function i8, pot_scale_int16 bool
            table L2NormOptions: fused_activation_function i8
            table LocalResponseNormalizationOptions: radius i32, bias f32, alpha f32, beta f32
            table LSTMOptions: fused_activation_function i8, cell_clip f32, proj_clip f32, kernel_type i8, \
            asymmetric_quantize_inputs bool
            table ResizeBilinearOptions: new_height deprecated, new_width deprecated, align_corners bool, \
            half_pixel_centers bool
            table CallOptions: subgraph u32
            table ReshapeOptions: new_shape [i32]
            table SkipGramOptions: ngram_size i32, max_skip_size i32, include_all_ngrams bool
            table SpaceToDepthOptions: block_size i32
            table EmbeddingLookupSparseOptions: combiner i8
            table MulOptions: fused_activation_function i8
            table GatherOptions: axis i32, batch_dims i32
            table ReducerOptions: keep_dims bool
            table SubOptions: fused_activation_function i8, pot_scale_int16 bool
            table DivOptions: fused_activation_function i8
            table SqueezeOptions: squeeze_dims [i32]
            table SequenceRNNOptions: time_major bool, fused_activation_function i8, asymmetric_quantize_inputs bool
            table StridedSliceOptions: begin_mask i32, end_mask i32, ellipsis_mask i32, new_axis_mask i32, \
            shrink_axis_mask i32, offset bool
            table SplitOptions: num_splits i32
            table CastOptions: in_data_type i8, out_data_type i8
            table ArgMaxOptions: output_type i8
            table TransposeConvOptions: padding i8, stride_w i32, stride_h i32, fused_activation_function i8, \
            quantized_bias_type i8
            table SparseToDenseOptions: validate_indices bool
            table ShapeOptions: out_type i8
            table ArgMinOptions: output_type i8
            table FakeQuantOptions: min f32, max f32, num_bits i32, narrow_range bool
            table PackOptions: values_count i32, axis i32
            table OneHotOptions: axis i32
            table UnpackOptions: num i32, axis i32
            table BidirectionalSequenceLSTMOptions: fused_activation_function i8, cell_clip f32, proj_clip f32, \
            merge_outputs bool, time_major bool, asymmetric_quantize_inputs bool
            table BidirectionalSequenceRNNOptions: time_major bool, fused_activation_function i8, merge_outputs bool, \
            asymmetric_quantize_inputs bool
            table UnidirectionalSequenceLSTMOptions: fused_activation_function i8, cell_clip f32, proj_clip f32, \
            time_major bool, asymmetric_quantize_inputs bool, diagonal_recurrent_tensors bool
            table ResizeNearestNeighborOptions: align_corners bool, half_pixel_centers bool
            table LeakyReluOptions: alpha f32
            table MirrorPadOptions: mode i8
            table SplitVOptions: num_splits i32
            table UniqueOptions: idx_out_type i8
            table ReverseSequenceOptions: seq_dim i32, batch_dim i32
            table IfOptions: then_subgraph_index i32, else_subgraph_index i32
            table WhileOptions: cond_subgraph_index i32, body_subgraph_index i32
            table DepthToSpaceOptions: block_size i32
            table BatchMatMulOptions: adj_x bool, adj_y bool, asymmetric_quantize_inputs bool
            table CumsumOptions: exclusive bool, reverse bool
            table CallOnceOptions: init_subgraph_index i32
            table Conv3DOptions: padding i8, stride_d i32, stride_w i32, stride_h i32, fused_activation_function i8, \
            dilation_d_factor i32, dilation_w_factor i32, dilation_h_factor i32
            table HashtableOptions: table_id i32, key_dtype i8, value_dtype i8
            table VarHandleOptions: container string, shared_name string
            table RandomOptions: seed i64, seed2 i64
            table BucketizeOptions: boundaries [f32]
            table GeluOptions: approximate bool

            # BuiltinOptions members without fields
            empty PadOptions, BatchToSpaceNDOptions, SpaceToBatchNDOptions, TransposeOptions, ExpOptions, \
            TopKV2Options, LogSoftmaxOptions, DequantizeOptions, MaximumMinimumOptions, LessOptions, NegOptions, \
            PadV2Options, GreaterOptions, GreaterEqualOptions, LessEqualOptions, SelectOptions, SliceOptions, \
            TileOptions, ExpandDimsOptions, EqualOptions, NotEqualOptions, PowOptions, LogicalOrOptions, \
            LogicalAndOptions, LogicalNotOptions, FloorDivOptions, SquareOptions, ZerosLikeOptions, FillOptions, \
            FloorModOptions, RangeOptions, SquaredDifferenceOptions, AbsOptions, ReverseV2Options, AddNOptions, \
            GatherNdOptions, CosOptions, WhereOptions, RankOptions, MatrixDiagOptions, QuantizeOptions, \
            MatrixSetDiagOptions, HardSwishOptions, NonMaxSuppressionV4Options, NonMaxSuppressionV5Options, \
            ScatterNdOptions, SelectV2Options, DensifyOptions, SegmentSumOptions, BroadcastToOptions, Rfft2dOptions, \
            HashtableFindOptions, HashtableImportOptions, HashtableSizeOptions, ReadVariableOptions, \
            AssignVariableOptions, DynamicUpdateSliceOptions, UnsortedSegmentProdOptions, UnsortedSegmentMaxOptions, \
            UnsortedSegmentMinOptions, UnsortedSegmentSumOptions, ATan2Options, SignOptions, BitcastOptions, \
            BitwiseXorOptions, RightShiftOptions

            # BuiltinOptions2 members
            table StablehloConcatenateOptions: dimension i64
            table StablehloBroadcastInDimOptions: broadcast_dimensions [i64]
            table StablehloSliceOptions: start_indices [i64], limit_indices [i64], strides [i64]
            table StablehloConvolutionOptions: window_strides [i64], padding [i64], lhs_dilation [i64], \
            rhs_dilation [i64], window_reversal [bool], input_batch_dimension i64, input_feature_dimension i64, \
            input_spatial_dimensions [i64], kernel_input_feature_dimension i64, kernel_output_feature_dimension i64, \
            kernel_spatial_dimensions [i64], output_batch_dimension i64, output_feature_dimension i64, \
            output_spatial_dimensions [i64], feature_group_count i64, batch_group_count i64, precision_config [u32]
            table StablehloCustomCallOptions: call_target_name string, has_side_effect bool, backend_config string, \
            api_version i32, called_computations [i32], custom_attributes [u8]
            table StablehloReduceOptions: dimensions [i64], body_subgraph_index i32
            table StablehloScatterOptions: indices_are_sorted bool, update_window_dims [i64], \
            inserted_window_dims [i64], scatter_dims_to_operand_dims [i64], index_vector_dim i64, \
            unique_indices bool, update_computation_subgraph_index i32
            table StablehloCompareOptions: comparison_direction u32, compare_type u32
            table StablehloDynamicSliceOptions: slice_sizes [i64]
            table StablehloPadOptions: edge_padding_low [i64], edge_padding_high [i64], interior_padding [i64]
            table StablehloIotaOptions: iota_dimension i64
            table StablehloDotGeneralOptions: lhs_batching_dimensions [i64], rhs_batching_dimensions [i64], \
            lhs_contracting_dimensions [i64], rhs_contracting_dimensions [i64], precision_config [u32]
            table StablehloReduceWindowOptions: window_dimensions [i64], window_strides [i64], base_dilations [i64], \
            window_dilations [i64], padding [i64], body_subgraph_index i32
            table StablehloSortOptions: dimension i64, is_stable bool, comparator_subgraph_index i32
            table StablehloWhileOptions: cond_subgraph_index i32, body_subgraph_index i32
            table StablehloGatherOptions: offset_dims [i64], collapsed_slice_dims [i64], start_index_map [i64], \
            index_vector_dim i64, slice_sizes [i64], indices_are_sorted bool
            table StablehloTransposeOptions: permutation [i64]
            empty DilateOptions, StablehloShiftLeftOptions
            table StablehloRngBitGeneratorOptions: algorithm i8
            table ReduceWindowOptions: reduce_function i32
            table StableHLOCompositeOptions: name string, decomposition_subgraph_index i32, \
            composite_attributes [u8], composite_attributes_format i8, version i32
            table StablehloCaseOptions: branch_subgraph_indices [i32]
            """;

    /** TFLite 2.20's schema, rooted at {@code Model}. */
    public static final FlatBufferSchema SCHEMA = FlatBufferSchema.parse(TEXT, "Model");

    private TfliteSchema() {
    }
}
