"""`torchrun`, with a fix for Debian's torch 1.13 on Python 3.11, whose torchrun cannot parse its own
default `--redirects 0 --tee 0` (Python 3.11 no longer iterates the IntFlag member 0) and fails with
"AttributeError: 'NoneType' object has no attribute 'get'". Same arguments as torchrun:

  python3 -m rnn_ts_torch.torchrun --standalone --nproc_per_node=2 -m rnn_ts_torch.train --data ... --out ...

(Plain `torchrun --redirects 9:1 --tee 9:1 ...` works around it too: a mapping that names no real rank.)
"""
import sys

from torch.distributed.elastic.multiprocessing import api


def _from_str(vm, _orig=api.Std.from_str.__func__):
    if vm.isdigit():
        return api.Std(int(vm))
    return {int(i): api.Std(int(v)) for i, v in (m.split(':') for m in vm.split(','))} if ':' in vm else _orig(api.Std, vm)


api.Std.from_str = staticmethod(_from_str)

if __name__ == '__main__':
    from torch.distributed.run import main

    sys.exit(main())
