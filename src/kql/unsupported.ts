/**
 * KQL that Microsoft's parser reads but lurewatch does not run, kept in one place so that a query
 * using it gets "not supported by lurewatch" instead of a syntax error or "unknown function".
 * The function names are those in the symbol tables of @kusto/language-service-next 12.4.1,
 * Microsoft's KQL parser, including deprecated aliases, less what lurewatch supports. The tabular
 * operators are those of the "Tabular operators" section of Microsoft's KQL reference, plus the
 * graph operators that the same parser reads. unsupported.test.ts checks the lists against that
 * package. Unsupported operator options (union kind=inner, mv-expand kind=array, wildcards in
 * project-away and union) are rejected where the parser reads them, and so are subqueries in the
 * list of `in` and `has_any`.
 */

/** Aggregation functions of KQL that summarize does not run. */
export const unsupportedAggregates: ReadonlySet<string> = new Set([
  'any', 'anyif', 'argmax', 'argmin', 'avgif', 'binary_all_and', 'binary_all_or', 'binary_all_xor',
  'buildschema', 'cnt', 'count_distinct', 'count_distinctif', 'covariance', 'covarianceif',
  'covariancep', 'covariancepif', 'dcountif', 'hll', 'hll_if', 'hll_merge', 'make_bag', 'make_bag_if',
  'make_dictionary', 'make_list_if', 'make_list_with_nulls', 'make_set_if', 'makelist', 'makeset',
  'maxif', 'merge_tdigest', 'minif', 'passthrough', 'percentile', 'percentiles', 'percentiles_array',
  'percentilesw', 'percentilesw_array', 'percentilew', 'stdev', 'stdevif', 'stdevp', 'sumif',
  'take_anyif', 'tdigest', 'tdigest_merge', 'variance', 'varianceif', 'variancep', 'variancepif',
]);

/**
 * Scalar functions of KQL that lurewatch does not run. materialize() and toscalar() are special
 * functions that Microsoft's parser reads as syntax, so its function table does not list them.
 */
export const unsupportedFunctions: ReadonlySet<string> = new Set([
  'acos', 'all', 'any', 'around', 'array_iff', 'array_iif', 'array_reverse', 'array_rotate_left',
  'array_rotate_right', 'array_shift_left', 'array_shift_right', 'array_sort_asc', 'array_sort_desc',
  'array_split', 'array_strcat', 'array_sum', 'arraylength', 'asin', 'assert', 'atan', 'atan2',
  'bag_merge', 'bag_pack_columns', 'bag_remove_keys', 'bag_set_key', 'bag_zip', 'base64_decode_toarray',
  'base64_decode_toguid', 'base64_decodestring', 'base64_encode_fromarray', 'base64_encode_fromguid',
  'base64_encode_tostring', 'base64_encodestring', 'beta_cdf', 'beta_inv', 'beta_pdf', 'bin_at',
  'bin_auto', 'binary_and', 'binary_not', 'binary_or', 'binary_shift_left', 'binary_shift_right',
  'binary_xor', 'bitset_count_ones', 'ceiling', 'cluster', 'column_ifexists', 'column_names_of',
  'columnifexists', 'convert_angle', 'convert_energy', 'convert_force', 'convert_length', 'convert_mass',
  'convert_speed', 'convert_temperature', 'convert_volume', 'cos', 'cot', 'current_cluster_endpoint',
  'current_cursor', 'current_database', 'current_node_id', 'current_principal',
  'current_principal_details', 'current_principal_is_member_of', 'cursor_after', 'cursor_before_or_at',
  'cursor_current', 'database', 'datepart', 'datetime_list_timezones', 'datetime_local_to_utc',
  'datetime_utc_to_local', 'dcount_hll', 'degrees', 'dynamic_to_json', 'entity_group', 'erf', 'erfc',
  'estimate_data_size', 'exp', 'exp10', 'exp2', 'extent_id', 'extent_tags', 'extentid', 'external_table',
  'extract_json', 'extractall', 'extractjson', 'format_bytes', 'format_ipv4', 'format_ipv4_mask',
  'format_timespan', 'gamma', 'geo_angle', 'geo_azimuth', 'geo_closest_point_on_line',
  'geo_closest_point_on_polygon', 'geo_distance_2points', 'geo_distance_point_to_line',
  'geo_distance_point_to_polygon', 'geo_from_wkt', 'geo_geohash_neighbors',
  'geo_geohash_to_central_point', 'geo_geohash_to_polygon', 'geo_h3cell_children', 'geo_h3cell_level',
  'geo_h3cell_neighbors', 'geo_h3cell_parent', 'geo_h3cell_rings', 'geo_h3cell_to_central_point',
  'geo_h3cell_to_polygon', 'geo_info_from_ip_address', 'geo_intersection_2lines',
  'geo_intersection_2polygons', 'geo_intersection_line_with_polygon', 'geo_intersects_2lines',
  'geo_intersects_2polygons', 'geo_intersects_line_with_polygon', 'geo_line_buffer', 'geo_line_centroid',
  'geo_line_densify', 'geo_line_interpolate_point', 'geo_line_length', 'geo_line_locate_point',
  'geo_line_simplify', 'geo_line_to_s2cells', 'geo_point_buffer', 'geo_point_in_circle',
  'geo_point_in_polygon', 'geo_point_to_geohash', 'geo_point_to_h3cell', 'geo_point_to_s2cell',
  'geo_polygon_area', 'geo_polygon_buffer', 'geo_polygon_centroid', 'geo_polygon_densify',
  'geo_polygon_perimeter', 'geo_polygon_simplify', 'geo_polygon_to_h3cells', 'geo_polygon_to_s2cells',
  'geo_s2cell_neighbors', 'geo_s2cell_to_central_point', 'geo_s2cell_to_polygon',
  'geo_simplify_polygons_array', 'geo_union_lines_array', 'geo_union_polygons_array', 'graph',
  'gzip_compress_to_base64_string', 'gzip_decompress_from_base64_string', 'has_any_index',
  'has_any_ipv4', 'has_any_ipv4_prefix', 'has_ipv4', 'has_ipv4_prefix', 'hash', 'hash_combine',
  'hash_many', 'hash_xxhash64', 'hll_isvalid', 'hll_merge', 'indexof_regex', 'ingestion_time',
  'inner_nodes', 'ipv4_compare', 'ipv4_is_in_any_range', 'ipv4_is_in_range', 'ipv4_is_match',
  'ipv4_is_private', 'ipv4_netmask_suffix', 'ipv4_range_to_cidr_list', 'ipv6_compare',
  'ipv6_is_in_any_range', 'ipv6_is_in_range', 'ipv6_is_match', 'isascii', 'iscolumnexists', 'isfinite',
  'isinf', 'isnan', 'isutf8', 'jaccard_index', 'labels', 'log', 'log10', 'log2', 'loggamma',
  'make_datetime', 'make_string', 'make_timespan', 'map', 'materialize', 'materialized_view', 'max_of',
  'merge_tdigest', 'min_of', 'new_guid', 'next', 'node_degree_in', 'node_degree_out', 'node_id',
  'notempty', 'notnull', 'pack_all', 'pack_dictionary', 'parse_csv', 'parse_ipv4', 'parse_ipv4_mask',
  'parse_ipv6', 'parse_ipv6_mask', 'parse_url', 'parse_urlquery', 'parse_user_agent', 'parse_version',
  'parse_xml', 'parsejson', 'parseurl', 'parseurlquery', 'percentile_tdigest',
  'percentiles_array_tdigest', 'percentrank_tdigest', 'pi', 'pow', 'prev', 'punycode_domain_from_string',
  'punycode_domain_to_string', 'punycode_from_string', 'punycode_to_string', 'radians', 'rand', 'range',
  'rank_tdigest', 'regex_quote', 'repeat', 'replace', 'replace_strings', 'row_cumsum', 'row_id',
  'row_number', 'row_rank', 'row_rank_dense', 'row_rank_min', 'row_window_session',
  'rowstore_ordinal_range', 'series_abs', 'series_acos', 'series_add', 'series_asin', 'series_atan',
  'series_ceiling', 'series_cos', 'series_cosine_similarity', 'series_decompose',
  'series_decompose_anomalies', 'series_decompose_forecast', 'series_divide', 'series_dot_product',
  'series_equals', 'series_exp', 'series_fft', 'series_fill_backward', 'series_fill_const',
  'series_fill_forward', 'series_fill_linear', 'series_fir', 'series_fit_2lines',
  'series_fit_2lines_dynamic', 'series_fit_line', 'series_fit_line_dynamic', 'series_fit_poly',
  'series_floor', 'series_greater', 'series_greater_equals', 'series_ifft', 'series_iir', 'series_less',
  'series_less_equals', 'series_log', 'series_magnitude', 'series_multiply', 'series_not_equals',
  'series_outliers', 'series_pearson_correlation', 'series_periods_detect', 'series_periods_validate',
  'series_pow', 'series_product', 'series_seasonal', 'series_sign', 'series_sin', 'series_stats',
  'series_stats_dynamic', 'series_subtract', 'series_sum', 'series_tan', 'set_difference', 'set_equals',
  'set_intersect', 'set_union', 'sign', 'sin', 'sqrt', 'stored_query_result', 'strcmp', 'string_size',
  'table', 'tan', 'tdigest_isvalid', 'tdigest_merge', 'to_utf8', 'todecimal', 'toguid', 'tohex',
  'toobject', 'toscalar', 'totime', 'translate', 'treepath', 'unicode_codepoints_from_string',
  'unicode_codepoints_to_string', 'unixtime_microseconds_todatetime', 'unixtime_nanoseconds_todatetime',
  'url_encode', 'url_encode_component', 'week_of_year', 'weekofyear', 'welch_test', 'zip',
  'zlib_compress_to_base64_string', 'zlib_decompress_from_base64_string',
]);

/** Tabular operators of KQL, after a '|' or at the start of a query, that lurewatch does not run. */
export const unsupportedOperators: ReadonlySet<string> = new Set([
  'assert-schema', 'consume', 'evaluate', 'externaldata', 'facet', 'find', 'fork', 'getschema',
  'graph-mark-components', 'graph-match', 'graph-shortest-paths', 'graph-to-table', 'graph-where-edges',
  'graph-where-nodes', 'invoke', 'lookup', 'macro-expand', 'make-graph', 'make-series', 'mv-apply', 'parse-kv',
  'parse-where', 'partition', 'project-by-names', 'range', 'reduce', 'render', 'sample', 'sample-distinct',
  'scan', 'search', 'serialize', 'top-hitters', 'top-nested',
]);

/** Scalar operators that Microsoft's parser reads and lurewatch does not run. */
export const unsupportedScalarOperators: ReadonlySet<string> = new Set(['like', 'likecs', 'notlike', 'notlikecs']);

/** Deprecated KQL names whose current name lurewatch supports, for a hint in the error. */
export const currentNames: ReadonlyMap<string, string> = new Map([
  ['any', 'take_any'], ['argmax', 'arg_max'], ['argmin', 'arg_min'], ['makelist', 'make_list'], ['makeset', 'make_set'],
  ['arraylength', 'array_length'], ['base64_decodestring', 'base64_decode_tostring'], ['datepart', 'datetime_part'],
  ['extractall', 'extract_all'], ['notempty', 'isnotempty'], ['notnull', 'isnotnull'], ['pack_dictionary', 'bag_pack'],
  ['parsejson', 'parse_json'], ['replace', 'replace_regex'], ['toobject', 'todynamic'], ['totime', 'totimespan'],
]);

/** Path of the page that lists the KQL lurewatch supports, relative to the package root. */
const referencePage = 'docs/kql.md';

function hint(name: string, fallback: string): string {
  const current = currentNames.get(name);
  return current ? `write ${current}(), its current name` : fallback;
}

/** Returns the error message for a known KQL aggregation function that lurewatch does not run. */
export function unsupportedAggregateMessage(name: string, supported: Iterable<string>): string {
  return `aggregation function '${name}' is not supported by lurewatch; ${hint(name, `supported: ${[...supported].join(', ')}`)}`;
}

/** Returns the error message for a known KQL scalar function that lurewatch does not run. */
export function unsupportedFunctionMessage(name: string): string {
  return `function '${name}' is not supported by lurewatch; ${hint(name, `${referencePage} lists the functions it supports`)}`;
}

/** Returns the error message for a known KQL tabular operator that lurewatch does not run. */
export function unsupportedOperatorMessage(name: string, supported: Iterable<string>): string {
  return `operator '${name}' is not supported by lurewatch; supported: ${[...supported].join(', ')}`;
}

/** Returns the error message for a known KQL operator at the start of a query that lurewatch does not run. */
export function unsupportedSourceMessage(name: string): string {
  return `operator '${name}' is not supported by lurewatch; start the query with a table name, a tabular let name, union, print or datatable`;
}

/** Returns the error message for a known KQL scalar operator that lurewatch does not run. */
export function unsupportedScalarOperatorMessage(name: string): string {
  return `operator '${name}' is not supported by lurewatch; use has, contains, startswith, endswith or matches regex`;
}

/**
 * Returns the error message for a tabular expression (a table, a tabular `let` or a pipeline) in
 * the list of `op`, such as `DeviceName in (Suspicious)`. `leftText` is the source text left of
 * `op`, used to write the fixes out.
 */
export function unsupportedTabularListMessage(op: string, leftText: string): string {
  const prefix = `'${op}' with a tabular expression (a subquery) is not supported by lurewatch; list the values, as in ${leftText} ${op} ("a", "b")`;
  // A join compares keys exactly, so it replaces only the case-sensitive 'in' and '!in'. A semi
  // join keeps the rows whose key the subquery has, an anti join those whose key it lacks.
  if (op !== 'in' && op !== '!in') return prefix;
  const joinKind = op.startsWith('!') ? 'leftanti' : 'leftsemi';
  const key = /^[A-Za-z_][A-Za-z0-9_]*$/.test(leftText) ? leftText : 'Column';
  return `${prefix}, or use | join kind=${joinKind} (subquery) on ${key}`;
}

/** Returns the error message for a wildcard such as `Device*` among the tables of `union`. */
export function unsupportedUnionWildcardMessage(): string {
  return 'table wildcards in union are not supported by lurewatch; list the tables: union DeviceProcessEvents, DeviceFileEvents';
}
