"""Type stubs of the native module (accord._accord); use the `accord` module."""

from typing import Any, Dict, List, Optional, Tuple, Union

__version__: str
MAX_THREADS: int

Loaded = Tuple[Optional["NativePolicy"], str, List[Dict[str, Any]]]

class ArrowRows:
    """Rows built as an Arrow table (``pyarrow.table(rows)`` takes it)."""

    def __arrow_c_stream__(self, requested_schema: Optional[object] = None) -> object: ...

class NativePolicy:
    @staticmethod
    def load(path: str, root: Optional[str] = None) -> Loaded: ...
    @staticmethod
    def from_texts(entry: str, files: List[Tuple[str, str]]) -> Loaded: ...
    def meta(self) -> Tuple[str, Optional[str], str, Optional[str]]: ...
    def files(self) -> List[Tuple[str, str]]: ...
    def field_names(self) -> List[str]: ...
    def evaluate_ndjson(
        self, data: bytes, as_of: str, explain: bool, threads: int, columnar: bool
    ) -> Union[bytes, Optional[ArrowRows]]: ...
    def evaluate_arrow(
        self,
        leads: object,
        as_of: str,
        explain: bool,
        threads: int,
        columnar: bool,
        events: Optional[object] = None,
    ) -> Tuple[Union[bytes, Optional[ArrowRows]], bytes]: ...
    def explain(self, record: str, as_of: str, detail_name: str, format: str) -> Tuple[Optional[str], str]: ...
