"""pythreads/sleep.py -- each thread takes a block of tasks and writes the
results into the shared list: the parent sees them at once. The threads
wait together, so waiting work speeds up, GIL or not."""
import model  # this directory (the script's): the team
import pbmodel  # common/python: build/M/W puts it on PYTHONPATH
import pbwork


def work(worker, nworkers, s):
    lo, hi = pbmodel.block(s.ntasks, nworkers, worker)
    for t in range(lo, hi):
        s.results[t] = pbwork.sleep_task(s, t)


def kernel(run, ans):
    model.team(run, work, (run.data,))


if __name__ == "__main__":
    pbmodel.main(model, pbwork.SLEEP, kernel)
