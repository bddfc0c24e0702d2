
pb-7BrÃ¼cke wieder offen <p>Der Verkehr rollt wieder.</p>"https://news.example/pb7*Example Wire2	€âÏªˆ':deB
deske