"""pyprocs/sleep.py -- each child takes a block of tasks. A child's writes
to the parent's list would stay in the child's copy (the tutorials'
pitfall), so each sends its results back through its pipe, and the parent
puts them in place."""
import model  # this directory (the script's): the team
import pbmodel  # common/python: build/M/W puts it on PYTHONPATH
import pbwork


def kernel(run, ans):
    s = run.data
    for lo, part in model.team(run, pbwork.sleep_block, (s,)):
        s.results[lo:lo + len(part)] = part


if __name__ == "__main__":
    pbmodel.main(model, pbwork.SLEEP, kernel)
