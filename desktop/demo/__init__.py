"""The fictional 青溪区 district: institutions, staff, inspections, complaints and cases for trying the program.
Imports whatever it fills; nothing imports demo except the command line and the app."""
