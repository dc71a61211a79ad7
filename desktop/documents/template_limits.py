"""Limits of the template sandbox: a template can neither exhaust memory nor run for ever.

A clerk's (or a restored backup's) DOCX template is code. Jinja's sandbox stops it from reaching
Python internals, but not from asking for `'A' * 3000000000` (8.9 GB, and Jinja folds that
constant while *checking* the template), `range(10**9)` or nested loops that never finish. Here:

- `range()` gives at most MAX_RANGE (10,000) numbers;
- no string, list or dict may grow beyond MAX_SIZE (1,000,000 characters or items): `*`, `+`,
  `~`, `%`, `**` and the padding, joining and replacing methods and filters are checked *before*
  they run, everything else after;
- all loops of one document together run at most MAX_ITERATIONS (100,000) times;
- one document's output is at most MAX_OUTPUT (20,000,000 characters of DOCX XML);
- one document may run TIME_LIMIT (10 s): every loop step, call, operator and printed value
  looks at the clock, and a watchdog thread stops Python code that does not (a filter busy on a
  large string) by raising TemplateTimeout in the rendering thread a second later. It works in
  any thread (the batch runs in a worker thread, where signals cannot be used).
  (The last three, the per-document budget and the watchdog: desktop.documents.template_budget.)

The limits are generous for real documents (a 卷内目录 of 500 entries uses < 2 % of them); a
breach is a TemplateLimitError naming the limit, turned into a Chinese message naming the
template by desktop.documents.rendering, and found by `casedesk templates check` too.
"""

from __future__ import annotations

import functools
import re
import string
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from jinja2 import nodes
from jinja2.runtime import LoopContext
from jinja2.sandbox import SandboxedEnvironment

from desktop.documents.template_budget import TemplateLimitError
from desktop.documents.template_budget import current_budget as _budget
from desktop.documents.template_budget import tick as _tick

#: range() length.
MAX_RANGE = 10_000
#: Characters of one string, items of one list/dict (and the printed size of a nested value).
MAX_SIZE = 1_000_000
#: Integers beyond this many bits are refused (their arithmetic gets slow).
MAX_INT_BITS = 100_000

# --- sizes ------------------------------------------------------------------------------

_CONTAINERS = (list, tuple, set, frozenset, dict)


def _scalar_size(value: Any) -> int:
    if isinstance(value, str | bytes | bytearray):
        return len(value)
    if isinstance(value, int):
        return value.bit_length() // 3 + 1
    return 1


def _members(container: Any) -> list[Any]:
    return [*container.keys(), *container.values()] if isinstance(container, dict) else [*container]


def printed_size(value: Any, limit: int = MAX_SIZE) -> int:
    """About how many characters str(value) has, without printing it: each distinct list or dict
    is sized once (a list shared 40 levels deep prints 2^40 copies, yet has 40 distinct lists);
    a list that holds itself counts as too big. Stops once past limit."""
    if not isinstance(value, _CONTAINERS):
        return _scalar_size(value)
    sizes: dict[int, int] = {}
    on_path: set[int] = set()
    stack = [value]
    while stack:
        item = stack[-1]
        key = id(item)
        if key in sizes:
            stack.pop()
            continue
        members = _members(item)
        if key not in on_path:
            on_path.add(key)
            nested = [m for m in members if isinstance(m, _CONTAINERS) and id(m) not in sizes]
            if any(id(m) in on_path for m in nested):
                return limit + 1  # it contains itself
            stack.extend(nested)
            continue
        size = (
            2
            + 2 * len(members)
            + sum(sizes[id(m)] if isinstance(m, _CONTAINERS) else _scalar_size(m) for m in members)
        )
        if size > limit:
            return size
        sizes[key] = size
        on_path.discard(key)
        stack.pop()
    return sizes[id(value)]


def _too_big(what: str) -> TemplateLimitError:
    return TemplateLimitError(f"{what}超过上限（最多 {MAX_SIZE:,} 个字符或项目）")


def check_size(value: Any, what: str = "生成的文字") -> Any:
    """value itself, when its printed size is within MAX_SIZE."""
    if printed_size(value) > MAX_SIZE:
        raise _too_big(what)
    return value


def _check_count(count: int, what: str) -> None:
    if count > MAX_SIZE:
        raise _too_big(what)


def _length(value: Any) -> int | None:
    return len(value) if isinstance(value, str | bytes | list | tuple) else None


def _check_result(value: Any) -> Any:
    if isinstance(value, str | bytes | list | tuple | dict | set | frozenset):
        _check_count(len(value), "结果")
    elif isinstance(value, int) and value.bit_length() > MAX_INT_BITS:
        raise TemplateLimitError("整数过大（超过 30,000 位）")
    return value


# --- format strings ---------------------------------------------------------------------

#: One %-conversion: flags, width, precision.
_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d*))?[hlL]?[a-zA-Z%]")


def _check_percent_format(template: str, args: Any) -> None:
    for width, precision in _PERCENT_SPEC.findall(template):
        if "*" in (width, precision):
            raise TemplateLimitError("格式字符串中不允许用 * 指定宽度")
        if (width and int(width) > MAX_SIZE) or (precision and int(precision) > MAX_SIZE):
            raise _too_big("格式宽度")
    _check_count(len(template) + printed_size(args), "格式化结果")


def _check_brace_format(template: str, args: Any, kwargs: Any) -> None:
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError:
        return  # str.format reports it
    for _literal, _name, spec, _conversion in parsed:
        if not spec:
            continue
        if "{" in spec:
            raise TemplateLimitError("格式说明中不允许嵌套 {}")
        if any(int(number) > MAX_SIZE for number in re.findall(r"\d+", spec)):
            raise _too_big("格式宽度")
    _check_count(len(template) + printed_size(args) + printed_size(kwargs), "格式化结果")


# --- operators, calls and filters -------------------------------------------------------


def _check_binop(operator: str, left: Any, right: Any) -> None:
    _tick()
    if operator == "*":
        for seq, times in ((left, right), (right, left)):
            size = _length(seq)
            if size is not None and isinstance(times, int):
                _check_count(size * max(times, 0), "重复后的文字或列表")
        both_ints = isinstance(left, int) and isinstance(right, int)
        if both_ints and left.bit_length() + right.bit_length() > MAX_INT_BITS:
            raise TemplateLimitError("整数过大（超过 30,000 位）")
    elif operator == "**":
        grows = isinstance(left, int) and isinstance(right, int) and abs(left) > 1 and right > 0
        if grows and right * left.bit_length() > MAX_INT_BITS:
            raise TemplateLimitError("乘方结果过大（超过 30,000 位）")
    elif operator == "+":
        sizes = (_length(left), _length(right))
        if sizes[0] is not None and sizes[1] is not None:
            _check_count(sizes[0] + sizes[1], "连接后的文字或列表")
    elif operator == "%" and isinstance(left, str):
        _check_percent_format(left, right)


def _replaced_size(text: str, old: Any, new: Any, count: Any = -1) -> int:
    if not isinstance(old, str) or not isinstance(new, str):
        return len(text)
    hits = text.count(old) if old else len(text) + 1
    if isinstance(count, int) and count >= 0:
        hits = min(hits, count)
    return len(text) + hits * max(len(new) - len(old), 0)


def _joined_size(separator: str, items: list[Any]) -> int:
    return sum(printed_size(i) for i in items) + len(separator) * max(len(items) - 1, 0)


def _check_str_method(text: str, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    first = args[0] if args else next(iter(kwargs.values()), None)
    if name in ("ljust", "rjust", "center", "zfill") and isinstance(first, int):
        _check_count(first, "补齐后的文字")
    elif name == "expandtabs":
        size = first if isinstance(first, int) else 8
        _check_count(len(text) + text.count("\t") * max(size, 0), "展开后的文字")
    elif name == "replace" and len(args) >= 2:
        _check_count(_replaced_size(text, *args[:3]), "替换后的文字")
    elif name == "translate" and isinstance(first, dict):
        longest = max((len(v) for v in first.values() if isinstance(v, str)), default=1)
        _check_count(len(text) * max(longest, 1), "替换后的文字")


class LimitedSandboxedEnvironment(SandboxedEnvironment):
    """The sandbox with the limits above (see the module docstring)."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.globals["range"] = limited_range
        self.globals.pop("lipsum", None)  # lipsum(n=10**9) writes paragraphs without end
        self.filters = {name: _limited_filter(name, f) for name, f in self.filters.items()}
        self.filters.pop("urlize", None)  # adds its target text to every URL: not for documents
        original = self.finalize
        if original is not None:
            self.finalize = functools.partial(_finalize_within_budget, original)

    # Hooks the generated code calls (EnvironmentAttribute nodes added by _limit_tree).
    def casedesk_iter(self, iterable: Iterable[Any]) -> Iterator[Any]:
        """Every loop's iterable: counted against the document's iterations."""
        budget = _budget()
        for item in iterable:
            if budget is not None:
                budget.step()
            yield item

    def casedesk_charge(self, characters: int) -> str:
        """Template text inside a loop or macro, charged each time it is produced."""
        budget = _budget()
        if budget is not None:
            budget.charge(characters)
        return ""

    def casedesk_part(self, value: Any) -> Any:
        """One operand of `~` (a string doubled in a loop, a nested list that prints without
        end): at most MAX_SIZE, so a concatenation is at most a few times that."""
        _tick()
        return check_size(value, "连接后的文字")

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        return _limit_tree(super()._parse(source, name, filename))

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        """`*`, `**`, `+` and `%` with their result sizes checked before they run."""
        _check_binop(operator, left, right)
        return _check_result(super().call_binop(context, operator, left, right))

    def call(self, context: Any, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        """Calls from a template: the clock, size pre-checks of the amplifying methods, and the
        size of the result (and of a list or dict a method grew)."""
        _tick()
        if isinstance(obj, LoopContext) and args:  # loop(children) of a recursive loop
            args = (self.casedesk_iter(args[0]), *args[1:])
        owner = getattr(obj, "__self__", None)
        method = getattr(obj, "__name__", "")
        wrapped = getattr(obj, "__wrapped__", None)
        formats = method in ("format", "format_map")
        if formats and isinstance(getattr(wrapped, "__self__", None), str):
            _check_brace_format(wrapped.__self__, args, kwargs)  # type: ignore[union-attr]
        elif isinstance(owner, str):
            if method == "join" and args:
                items = list(args[0])
                _check_count(_joined_size(owner, items), "连接后的文字")
                args = (items, *args[1:])
            else:
                _check_str_method(owner, method, args, kwargs)
        result = super().call(context, obj, *args, **kwargs)
        if isinstance(owner, list | dict | set):
            _check_count(len(owner), "列表或字典")
        return _check_result(result)

    def getattr(self, obj: Any, attribute: str) -> Any:
        _tick()
        return super().getattr(obj, attribute)


def limited_range(*args: int) -> range:
    """range() with at most MAX_RANGE numbers."""
    numbers = range(*args)
    try:
        size = len(numbers)
    except OverflowError:
        size = MAX_RANGE + 1
    if size > MAX_RANGE:
        raise TemplateLimitError(f"range() 最多生成 {MAX_RANGE:,} 个数，模板要求的范围过大")
    return numbers


def _finalize_within_budget(original: Callable[[Any], Any], value: Any) -> Any:
    """Every printed value: its size checked (a nested list prints exponentially) and charged."""
    if not isinstance(value, str):
        check_size(value, "输出的值")
    result = original(value)
    budget = _budget()
    if budget is not None:
        budget.charge(len(result) if isinstance(result, str) else printed_size(result))
    return result


def _check_filter_args(name: str, args: tuple[Any, ...], kwargs: dict[str, Any],
                       skip: int) -> tuple[Any, ...]:  # fmt: skip
    """Pre-checks of the filters that multiply their input (args after the `skip` context or
    environment argument); returns the args, a joined iterable made a list."""
    value = args[skip] if len(args) > skip else None
    rest = args[skip + 1 :]
    option = rest[0] if rest else None
    text = value if isinstance(value, str) else ""
    number = kwargs.get({"center": "width", "batch": "linecount", "slice": "slices"}.get(name, ""),
                        option)  # fmt: skip
    if name in ("center", "batch") and isinstance(number, int):
        _check_count(number, "补齐后的文字" if name == "center" else "分组大小")
    elif name == "indent":
        width = kwargs.get("width", option if option is not None else 4)
        added = width if isinstance(width, int) else len(str(width))
        _check_count(len(text) + (text.count("\n") + 1) * max(added, 0), "缩进后的文字")
    elif name == "format":
        _check_percent_format(str(value), rest or kwargs)
    elif name == "replace" and len(rest) >= 2:
        _check_count(_replaced_size(text, *rest[:3]), "替换后的文字")
    elif name == "wordwrap":
        width = kwargs.get("width", option if isinstance(option, int) else 79)
        wrap = kwargs.get("wrapstring") or (rest[2] if len(rest) > 2 else None) or "\n"
        lines = len(text) // max(int(width), 1) + text.count("\n") + 1
        _check_count(len(text) + lines * len(str(wrap)), "换行后的文字")
    elif name == "slice" and isinstance(number, int) and number > MAX_RANGE:
        raise TemplateLimitError(f"slice 的份数最多 {MAX_RANGE:,}")
    elif name == "sum" and not isinstance(kwargs.get("start", 0), int | float):
        raise TemplateLimitError("sum 只能对数字求和")
    elif name == "join" and value is not None and not isinstance(value, str):
        items = list(value)
        separator = kwargs.get("d", option if isinstance(option, str) else "")
        _check_count(_joined_size(str(separator), items), "连接后的文字")
        return (*args[:skip], items, *rest)
    return args


def _limited_filter(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    skip = 1 if getattr(function, "jinja_pass_arg", None) is not None else 0

    @functools.wraps(function)  # keeps jinja_pass_arg (pass_context …)
    def limited(*args: Any, **kwargs: Any) -> Any:
        _tick()
        for value in (*args[skip:], *kwargs.values()):
            if isinstance(value, list | tuple | dict | set):
                check_size(value, f"过滤器 {name} 的参数")
        args = _check_filter_args(name, args, kwargs, skip)
        return _check_result(function(*args, **kwargs))

    return limited


# --- the tree: loops counted, loop text charged, `~` operands checked --------------------

_REPEATING = (nodes.For, nodes.Macro, nodes.CallBlock, nodes.FilterBlock)


def _limit_tree(tree: nodes.Template) -> nodes.Template:
    """Rewrite a parsed template so the generated code calls the hooks above."""
    for loop in list(tree.find_all(nodes.For)):
        loop.iter = _hook("casedesk_iter", loop.iter, loop.lineno)
    for concat in list(tree.find_all(nodes.Concat)):
        concat.nodes = [_hook("casedesk_part", part, part.lineno) for part in concat.nodes]
    for repeating in list(tree.find_all(_REPEATING)):
        for output in list(repeating.find_all(nodes.Output)):
            text = sum(len(n.data) for n in output.nodes if isinstance(n, nodes.TemplateData))
            if text and not getattr(output, "casedesk_charged", False):
                charge = nodes.Const(text, lineno=output.lineno)
                output.nodes.insert(0, _hook("casedesk_charge", charge, output.lineno))
                output.casedesk_charged = True  # type: ignore[attr-defined]  # nested repeats
    return tree


def _hook(name: str, argument: nodes.Node, lineno: int) -> nodes.Call:
    return nodes.Call(
        nodes.EnvironmentAttribute(name, lineno=lineno), [argument], [], None, None,
        lineno=lineno,
    )  # fmt: skip
