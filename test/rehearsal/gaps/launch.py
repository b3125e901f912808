# moto's server with the suite's models of what moto 5.2.5 lacks (README, "Emulator and tool
# gaps"). Each module beside this file that defines install() patches one operation or rule
# into moto before the server starts; test/rehearsal/moto.ts runs this file instead of
# `python -m moto.server`, with the same arguments.
import importlib.util
import pathlib
import sys

here = pathlib.Path(__file__).resolve().parent
for path in sorted(here.glob("*.py")):
    if path.name == "launch.py":
        continue
    spec = importlib.util.spec_from_file_location(f"cdal_gap_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.install()

from moto.server import main  # noqa: E402  (after the patches, so the server sees them)

main(sys.argv[1:])
