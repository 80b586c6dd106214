/** Binary string and comparison operators written as words, each with its negated and `_cs` forms. */
export const stringOperators = new Set([
  'has', '!has', 'has_cs', '!has_cs',
  'hasprefix', '!hasprefix', 'hasprefix_cs', '!hasprefix_cs',
  'hassuffix', '!hassuffix', 'hassuffix_cs', '!hassuffix_cs',
  'contains', '!contains', 'contains_cs', '!contains_cs',
  'startswith', '!startswith', 'startswith_cs', '!startswith_cs',
  'endswith', '!endswith', 'endswith_cs', '!endswith_cs',
  'matches',
]);

/** Operators whose right side is a parenthesised list: `x in ("a", "b")`, `x has_any (d)`. */
export const listOperators = new Set(['in', '!in', 'in~', '!in~', 'has_any', 'has_all', 'has_any_cs', 'has_all_cs']);

export const comparisonPunctuators = new Set(['==', '!=', '<>', '<', '<=', '>', '>=', '=~', '!~']);

/** Words that may follow a complete expression without being an operator. */
export const expressionFollowers = new Set([
  'and', 'or', 'by', 'asc', 'desc', 'nulls', 'first', 'last', 'on', 'with', 'to', 'limit', 'kind', 'step',
  'from', 'of', 'in', 'into', 'hint', 'with_itemindex', 'bagexpansion', 'typeof',
]);

/** Every operator word, for "did you mean" suggestions. */
export const allOperatorWords = [...stringOperators, ...listOperators, 'between', '!between', 'matches regex', 'and', 'or'];
