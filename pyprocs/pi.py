"""pyprocs/pi.py -- each child sums a block of intervals and sends its part
back; the parent adds the parts in order."""
import model  # this directory (the script's): the team
import pbmodel  # common/python: build/M/W puts it on PYTHONPATH
import pbwork


def kernel(run, ans):
    ans.exact, ans.d = False, 0.0
    for part in model.team(run, pbwork.pi_block, (run.opt.size,)):
        ans.d += part


if __name__ == "__main__":
    pbmodel.main(model, pbwork.PI, kernel)
