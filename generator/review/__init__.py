"""The systematic reviewer's side: screening decisions from notes, the screening queue, the PRISMA flow."""
