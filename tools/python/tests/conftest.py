"""The tests import the package from this checkout (tools/python), whichever folder pytest starts in."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
