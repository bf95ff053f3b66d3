"""pythreads/pi.py -- each thread sums a block of intervals; the main thread
adds the parts in order. The GIL lets one thread compute at a time."""
import model  # this directory (the script's): the team
import pbmodel  # common/python: build/M/W puts it on PYTHONPATH
import pbwork


def kernel(run, ans):
    ans.exact, ans.d = False, 0.0
    for part in model.team(run, pbwork.pi_block, (run.opt.size,)):
        ans.d += part


if __name__ == "__main__":
    pbmodel.main(model, pbwork.PI, kernel)
