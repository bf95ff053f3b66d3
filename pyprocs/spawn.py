"""pyprocs/spawn.py -- a round starts and joins a team of processes with
model.team, as every pyprocs workload does (--start-method: fork, spawn
or forkserver); each sends back that it ran."""
import model  # this directory (the script's): the team
import pbmodel  # common/python: build/M/W puts it on PYTHONPATH
import pbwork


def kernel(run, ans):
    pbwork.spawn_rounds(run, ans, lambda: sum(model.team(run, pbwork.spawn_one)))


if __name__ == "__main__":
    pbmodel.main(model, pbwork.SPAWN, kernel)
