"""Supervision before any case: plans, the 双随机 draw, checklists, inspections, revisits, complaints,
不良执业行为记分 and credit grades. Imports desktop.common and desktop.trust."""
