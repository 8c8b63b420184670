"""Data-parallel training of a Seq2Seq on a split exported by the JS translation app, launched by torchrun.

  node apps/translation/dist/main.js export-split /data/split --config small      # once, in JS
  torchrun --nproc_per_node=2 -m rnn_ts_torch.train --data /data/split --out /runs/ddp/model --epochs 8
  node apps/translation/dist/main.js translate --run /runs/ddp/model "I am cold."

Each process holds a replica (DistributedDataParallel: gradients are averaged over processes after every
backward pass), reads its shard of the training pairs through a DistributedSampler (seeded, reshuffled per
epoch), clips the global gradient norm, and steps Adam (eps 1e-7 as tfjs). Backend: gloo on CPU, nccl on
GPU. Without torchrun (no WORLD_SIZE) it runs as one process. Rank 0 writes checkpoints (model, optimizer,
sampler epoch, step; `--resume` continues from one) and, at the end, the bundle: `<out>/translator/` (an
@rnn/seq2seq bundle), `<out>/bundle.json` and `<out>/test-set.json` (the app's), so `translate --run <out>`
loads it.
"""
import argparse
import json
import math
import os
import shutil
import time

import torch
import torch.distributed as dist
from torch.nn.parallel import DistributedDataParallel
from torch.utils.data import DataLoader, Dataset
from torch.utils.data.distributed import DistributedSampler

from .bundle import load_bundle, save_bundle
from .model import Seq2Seq


def parse_args(argv=None):
    p = argparse.ArgumentParser(prog='python -m rnn_ts_torch.train', description=__doc__.split('\n\n')[0])
    p.add_argument('--data', required=True, help='folder written by the translation app\'s export-split')
    p.add_argument('--out', required=True, help='bundle folder to write (rank 0)')
    p.add_argument('--init', default='', help='start from this @rnn/seq2seq bundle (e.g. trained in JS) instead of a fresh model')
    p.add_argument('--epochs', type=int, default=0, help='default: the exported config\'s epochs')
    p.add_argument('--max-steps', type=int, default=0, help='stop after this many steps (0: all epochs)')
    p.add_argument('--batch-size', type=int, default=0, help='per-process batch (default: config batchSize / world size)')
    p.add_argument('--lr', type=float, default=0.0, help='Adam learning rate (default: the config\'s)')
    p.add_argument('--clip', type=float, default=-1.0, help='global gradient-norm clip (default: the config\'s clipNorm)')
    p.add_argument('--seed', type=int, default=-1, help='sampler seed (default: the split\'s seed)')
    p.add_argument('--checkpoint', default='', help='checkpoint file (default: <out>.ckpt.pt)')
    p.add_argument('--checkpoint-every', type=int, default=0, help='steps between checkpoints (0: end of each epoch)')
    p.add_argument('--resume', action='store_true', help='continue from --checkpoint when it exists')
    p.add_argument('--threads', type=int, default=0, help='torch threads per process (default: torch\'s)')
    p.add_argument('--log', default='', help='rank 0 writes per-step JSON lines here (loss, replicas_equal)')
    p.add_argument('--check-replicas', action='store_true', help='after every step, check all ranks hold identical weights')
    return p.parse_args(argv)


class Pairs(Dataset):
    def __init__(self, pairs):
        self.pairs = pairs

    def __len__(self):
        return len(self.pairs)

    def __getitem__(self, i):
        return self.pairs[i]


def pad(seqs):
    n = max(1, max(len(s) for s in seqs))
    out = torch.zeros(len(seqs), n, dtype=torch.long)
    for i, s in enumerate(seqs):
        out[i, :len(s)] = torch.tensor(s, dtype=torch.long)
    return out


def collate(batch):
    return pad([p['source'] for p in batch]), pad([p['target'] for p in batch])


def replicas_equal(model):
    """Whether every rank holds bit-identical parameters (elementwise max == min over ranks)."""
    flat = torch.cat([p.detach().reshape(-1) for p in model.parameters()])
    hi, lo = flat.clone(), flat.clone()
    dist.all_reduce(hi, op=dist.ReduceOp.MAX)
    dist.all_reduce(lo, op=dist.ReduceOp.MIN)
    return bool(torch.equal(hi, lo))


def write_app_bundle(model, data, out):
    """`<out>/translator/` (seq2seq bundle), `<out>/bundle.json` and `<out>/test-set.json` (the app's)."""
    os.makedirs(out, exist_ok=True)
    vocab = lambda f: json.load(open(os.path.join(data, f), encoding='utf-8'))
    save_bundle(model, os.path.join(out, 'translator'), vocab('source-vocab.json'), vocab('target-vocab.json'))
    shutil.copyfile(os.path.join(data, 'test-set.json'), os.path.join(out, 'test-set.json'))
    manifest = vocab('app-bundle.json')
    manifest['createdAt'] = time.strftime('%Y-%m-%dT%H:%M:%S.000Z', time.gmtime())
    tmp = os.path.join(out, 'bundle.json.tmp')
    with open(tmp, 'w', encoding='utf-8') as f:
        json.dump(manifest, f)
    os.replace(tmp, os.path.join(out, 'bundle.json'))


def main(argv=None):
    a = parse_args(argv)
    if a.threads:
        torch.set_num_threads(a.threads)
    distributed = 'WORLD_SIZE' in os.environ
    cuda = torch.cuda.is_available()
    if distributed:
        dist.init_process_group('nccl' if cuda else 'gloo')
        rank, world = dist.get_rank(), dist.get_world_size()
    else:
        rank, world = 0, 1
    device = torch.device(f'cuda:{int(os.environ.get("LOCAL_RANK", 0))}' if cuda else 'cpu')
    split = json.load(open(os.path.join(a.data, 'split.json'), encoding='utf-8'))
    if split.get('format') != 'rnn-ts/translation-split' or split.get('version') != 1:
        raise SystemExit(f'{a.data}/split.json is not a version-1 rnn-ts/translation-split (write it with the app\'s export-split)')
    cfg = split['config']
    epochs = a.epochs or cfg['epochs']
    batch = a.batch_size or max(1, cfg['batchSize'] // world)
    lr = a.lr or cfg['learningRate']
    clip = cfg['clipNorm'] if a.clip < 0 else a.clip
    seed = split['seed'] if a.seed < 0 else a.seed
    ckpt_path = a.checkpoint or f'{a.out.rstrip("/")}.ckpt.pt'

    if a.init:
        model, _, _ = load_bundle(os.path.join(a.init, 'translator') if os.path.isdir(os.path.join(a.init, 'translator')) else a.init)
    else:
        model = Seq2Seq(json.load(open(os.path.join(a.data, 'model-config.json'), encoding='utf-8')))
    model.to(device)
    # Every rank starts from rank 0's weights (DDP broadcasts them at construction).
    ddp = DistributedDataParallel(model) if distributed else model
    opt = torch.optim.Adam(ddp.parameters(), lr=lr, eps=1e-7)
    step, start_epoch = 0, 0
    if a.resume and os.path.exists(ckpt_path):
        ck = torch.load(ckpt_path, map_location=device)
        model.load_state_dict(ck['model'])
        opt.load_state_dict(ck['optimizer'])
        step, start_epoch = ck['step'], ck['epoch']
        if rank == 0:
            print(f'resumed from {ckpt_path}: step {step}, epoch {start_epoch}', flush=True)

    sampler = DistributedSampler(Pairs(split['train']), num_replicas=world, rank=rank, shuffle=True, seed=seed) if distributed else None
    loader = DataLoader(Pairs(split['train']), batch_size=batch, sampler=sampler, shuffle=sampler is None,
                        collate_fn=collate, generator=torch.Generator().manual_seed(seed))
    log = open(a.log, 'a', encoding='utf-8') if (a.log and rank == 0) else None

    def save_checkpoint(epoch):
        if rank != 0:
            return
        tmp = f'{ckpt_path}.tmp'
        torch.save({'model': model.state_dict(), 'optimizer': opt.state_dict(), 'step': step, 'epoch': epoch,
                    'config': model.config}, tmp)
        os.replace(tmp, ckpt_path)

    t0, c0 = time.time(), time.process_time()
    done = False
    for epoch in range(start_epoch, epochs):
        if sampler is not None:
            sampler.set_epoch(epoch)
        ddp.train()
        skip = step - epoch * len(loader) if epoch == start_epoch else 0  # resuming mid-epoch
        for i, (src, tgt) in enumerate(loader):
            if i < skip:
                continue
            src, tgt = src.to(device), tgt.to(device)
            logits = ddp(src, model.shift_right(tgt))
            loss = torch.nn.functional.cross_entropy(logits.reshape(-1, logits.shape[-1]), tgt.reshape(-1), ignore_index=0)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            if clip > 0:
                torch.nn.utils.clip_grad_norm_(ddp.parameters(), clip)
            opt.step()
            step += 1
            mean = loss.detach().clone()
            if distributed:
                dist.all_reduce(mean)
                mean /= world
            equal = replicas_equal(model) if (distributed and a.check_replicas) else None
            if log:
                log.write(json.dumps({'step': step, 'epoch': epoch, 'loss': float(mean), 'replicasEqual': equal,
                                      'seconds': time.time() - t0, 'cpuSeconds': time.process_time() - c0}) + '\n')
                log.flush()
            if a.checkpoint_every and step % a.checkpoint_every == 0:
                save_checkpoint(epoch)
            if a.max_steps and step >= a.max_steps:
                done = True
                break
        if not done:
            save_checkpoint(epoch + 1)
        if rank == 0:
            print(f'epoch {epoch + 1}: step {step}, loss {float(mean):.4f}, {time.time() - t0:.1f}s', flush=True)
        if done:
            break
    if a.max_steps and done:
        save_checkpoint(epoch)
    if rank == 0:
        write_app_bundle(model, a.data, a.out)
        print(f'bundle: {a.out} ({step} steps, {world} processes, {time.time() - t0:.1f}s)', flush=True)
    if log:
        log.close()
    if distributed:
        dist.barrier()
        dist.destroy_process_group()


if __name__ == '__main__':
    main()
