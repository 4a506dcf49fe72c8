package eval

// frameStack keeps the frames of one layer of an index nested loop (a
// pattern's step, the scan cache, the duplicate check, the cursor's
// callback), one per nesting depth, made once per execution: a running
// scan enters the frame of its depth and sets it up, scans it starts
// meanwhile enter deeper frames, and it leaves when done. A frame's
// callback is a method value bound when the frame is made, so a lookup
// allocates no closure.
type frameStack[F any] struct {
	frames []*F
	depth  int
}

// enter returns the frame of the next depth, made by newFrame the first
// time the execution reaches that depth.
func (s *frameStack[F]) enter(newFrame func() *F) *F {
	if s.depth == len(s.frames) {
		s.frames = append(s.frames, newFrame())
	}
	f := s.frames[s.depth]
	s.depth++
	return f
}

// leave gives back the depth the last enter took.
func (s *frameStack[F]) leave() { s.depth-- }
