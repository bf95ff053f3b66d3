"""pyprocs/pi.py -- each child sums a block of intervals (pbwork.pi_kernel
over this model's team) and sends its part back; the parent adds the parts
in order."""
import model  # this directory (the script's): the team
import pbmodel  # common/python: build/M/W puts it on PYTHONPATH
import pbwork

if __name__ == "__main__":
    pbmodel.main(model, pbwork.PI, pbwork.pi_kernel(model.team))
