"""pythreads/pi.py -- each thread sums a block of intervals (pbwork.pi_kernel
over this model's team); the main thread adds the parts in order. The GIL
lets one thread compute at a time."""
import model  # this directory (the script's): the team
import pbmodel  # common/python: build/M/W puts it on PYTHONPATH
import pbwork

if __name__ == "__main__":
    pbmodel.main(model, pbwork.PI, pbwork.pi_kernel(model.team))
